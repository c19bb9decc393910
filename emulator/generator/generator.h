#pragma once
// Deterministic estate generator: a multi-account, multi-region estate with every failure kind
// the audit must judge, plus the ground truth of what rolecall must report.

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "rolecall/error.h"

namespace rolecall::emulator {

// What to generate. Parsed from "accounts=A,regions=R,instances=N,seed=S[,compliant=P][,managed=P][,org=on|off]".
struct GeneratorSpec {
  int accounts = 3;
  int regions = 2;     // taken in order from a fixed list of real region names
  int instances = 60;  // total across the estate
  std::uint64_t seed = 1;
  bool organization = true;  // first account is the management account of an organization
  // Share (percent) of instances that are compliant; the rest spread over every failure kind.
  int compliant_percent = 50;
  // Share (percent) of instances tagged as managed by a CloudFormation stack ("managed=P"; default none).
  int managed_percent = 0;
  // Auto Scaling groups per account and region (docs/generator.md, "Auto Scaling groups"); 0 keeps
  // the estate exactly as it was before groups existed.
  int auto_scaling_groups = 0;
};

// Parses the --generate argument; fails with kInvalidArgument naming the bad key or value.
Result<GeneratorSpec> parse_generator_spec(const std::string& text);

// The estate (docs/estate-schema.md) and its ground truth (the "findings" document described there).
struct GeneratedEstate {
  nlohmann::json estate;
  nlohmann::json truth;
  std::map<std::string, int> mix;  // instances per kind ("compliant", "no-profile", ...; docs/generator.md)
};

// Builds the estate for `spec`. The same spec always yields byte-identical JSON.
GeneratedEstate generate_estate(const GeneratorSpec& spec);

}  // namespace rolecall::emulator
