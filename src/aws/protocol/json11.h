#pragma once
// JSON 1.1 protocol helpers over nlohmann::json: parsing that returns errors instead of throwing,
// and typed field lookups that tolerate missing or mistyped fields.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::aws::json11 {

// Parses `body` for `operation`; malformed, truncated or empty JSON yields kParse naming it.
Result<nlohmann::json> parse(std::string_view body, std::string_view operation);

// String field `key` of object `j`, or "" when `j` is not an object or the field is absent/not a string.
std::string get_string(const nlohmann::json& j, std::string_view key);

// Integer field `key` (numbers only), or `fallback`.
long long get_int(const nlohmann::json& j, std::string_view key, long long fallback = 0);

// Boolean field `key`, or `fallback`.
bool get_bool(const nlohmann::json& j, std::string_view key, bool fallback = false);

// Array field `key`, or an empty array when absent or not an array (never throws).
const nlohmann::json& get_array(const nlohmann::json& j, std::string_view key);

// Object field `key`, or an empty object when absent or not an object (never throws).
const nlohmann::json& get_object(const nlohmann::json& j, std::string_view key);

}  // namespace rolecall::aws::json11
