#pragma once
// Auto Scaling groups in estate JSON (docs/estate-schema.md, "Auto Scaling groups"): read by the
// loader after the account's launch templates, written by the dumper.

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

namespace load {
// Reads `account_json`'s auto_scaling_groups into their regions; a group's launch template must be
// one of the account's in its region. Throws LoadError naming the JSON path.
void load_auto_scaling_groups(Account& account, const nlohmann::json& account_json, const std::string& path);
}  // namespace load

// The account's groups, every region, in the estate-file shape (an array, possibly empty).
nlohmann::json auto_scaling_groups_json(const Account& account);

}  // namespace rolecall::emulator
