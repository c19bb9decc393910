#pragma once
// Shared helpers for the generator tests.

#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "emulator/generator/generator.h"
#include "emulator_generator/decode.h"

namespace rolecall::testing {

// Generates the estate for `spec_text`; fails the test on a bad spec.
inline emulator::GeneratedEstate generate(const std::string& spec_text) {
  auto spec = emulator::parse_generator_spec(spec_text);
  EXPECT_TRUE(spec) << spec_text;
  if (!spec) return {};
  return emulator::generate_estate(*spec);
}

// Instances in these states get findings.
inline bool judged(const nlohmann::json& instance) {
  auto state = instance.at("state").get<std::string>();
  return state != "terminated" && state != "shutting-down";
}

// The decoded layers of an instance's or template version's user data ("" when none).
inline std::string user_data_layers(const nlohmann::json& holder) {
  auto it = holder.find("user_data");
  if (it == holder.end() || it->get<std::string>().empty()) return {};
  return all_layers(base64_decode(it->get<std::string>()));
}

// Real (non-example) key ids in a user-data holder.
inline std::set<std::string> real_key_ids(const nlohmann::json& holder) {
  auto found = find_keys(user_data_layers(holder));
  found.key_ids.erase(std::string(kExampleKeyId));
  return found.key_ids;
}

}  // namespace rolecall::testing
