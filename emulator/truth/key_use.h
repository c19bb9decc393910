#pragma once
// The ground truth of key-in-use-from-instance (docs/estate-schema.md, "key_use"): which instances
// called AWS with a long-term key, joined from the estate's CloudTrail events to its network model
// by the emulator's own rule (never src/): public and Elastic IPs exactly, NAT gateway addresses to
// every instance behind them (ambiguous), VPC endpoint calls by private IP.

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::truth {

// What the join found: one entry per judged (not terminated or shutting-down) instance, in estate
// order, {account_id, region, instance_id, status FAIL|PASS, confidence exact|ambiguous|"",
// candidates, keys: [redacted key ids, sorted]}; and per key id the number of its events whose
// source matched no instance.
struct KeyUse {
  nlohmann::json entries = nlohmann::json::array();
  std::map<std::string, int> used_from_outside;
};

// Joins the IAMUser events of the 90 days before `now` (every account and region) to the instances
// request `seq` sees.
KeyUse key_use(const Estate& estate, std::uint64_t seq, TimePoint now);

}  // namespace rolecall::emulator::truth
