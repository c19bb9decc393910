#pragma once
// rolecall's own JSON form of collected inventory (schema rolecall.inventory/v1, docs/offline.md):
// one document per account's IAM and one per account+region, exactly as collected.

#include <nlohmann/json.hpp>

#include "inventory/offline_json.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Schema names written into each document.
inline constexpr const char* kManifestSchema = "rolecall.inventory/v1";
inline constexpr const char* kAccountSchema = "rolecall.inventory.account/v1";
inline constexpr const char* kRegionSchema = "rolecall.inventory.region/v1";

// An Error as JSON ({kind, message, code, request_id, http_status}) and back.
nlohmann::json error_to_json(const Error& error);
std::optional<Error> error_from_json(JsonReader& reader, const nlohmann::json& value, const std::string& path);

// One account's IAM inventory as a document, and back (indexes rebuilt). Problems go to `reader`.
nlohmann::json account_to_json(const AccountInventory& account);
AccountInventory account_from_json(JsonReader& reader, const nlohmann::json& doc);

// One account+region as a document, and back. Problems go to `reader`.
nlohmann::json region_to_json(const RegionInventory& region);
RegionInventory region_from_json(JsonReader& reader, const nlohmann::json& doc);

}  // namespace rolecall::inventory
