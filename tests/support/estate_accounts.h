#pragma once
// The accounts of an emulator estate as Emulator::dump_state() shows it: the organization's
// management account (the generated credentials' default) and its members.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rolecall::testing {

// The organization's management account id.
inline std::string management_account(const nlohmann::json& state) {
  return state.at("organization").at("management_account").get<std::string>();
}

// Every other account id, in the estate's order.
inline std::vector<std::string> member_accounts(const nlohmann::json& state) {
  const std::string management = management_account(state);
  std::vector<std::string> out;
  for (const auto& a : state.at("accounts")) {
    if (a.at("id").get<std::string>() != management) out.push_back(a.at("id").get<std::string>());
  }
  return out;
}

}  // namespace rolecall::testing
