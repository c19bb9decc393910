#pragma once
// Customer managed policies in estate JSON (docs/estate-schema.md, managed_policies): a policy with
// one version is {name, path, document}; one with versions (CreatePolicyVersion) also lists every
// version, so a dumped estate loads back with them.

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

namespace load {
// The managed policy `j` of account `account_id` in `partition`: name, path, its document or its
// versions. Throws LoadError naming the JSON path.
ManagedPolicyDef load_managed_policy(const nlohmann::json& j, const std::string& path, const std::string& partition,
                                     const std::string& account_id);
}  // namespace load

// `policy` in the estate-file shape.
nlohmann::json managed_policy_json(const ManagedPolicyDef& policy);

}  // namespace rolecall::emulator
