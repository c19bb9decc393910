#pragma once
// Reading IAM policy documents as rolecall's policy analysis does: the statements, an element's
// strings, action and resource patterns. Shared by policy_analysis (admin grants, trust) and
// policy_containment (one policy within others).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rolecall/error.h"

namespace rolecall::checks {

// A JSON string or list of strings as a vector; anything else yields nothing.
std::vector<std::string> policy_strings(const nlohmann::json& value);

// The statements of a policy document (its "Statement", one object or a list); none when absent.
std::vector<nlohmann::json> policy_statements(const nlohmann::json& doc);

// Parses policy `name`'s JSON text; fails with kParse when malformed or not an object.
Result<nlohmann::json> parse_policy_document(std::string_view name, std::string_view text);

// True when any of `patterns` (IAM wildcards * and ?) matches `value`.
bool policy_pattern_matches(const std::vector<std::string>& patterns, std::string_view value, bool case_insensitive);

// True when statement `s` has "Effect": `effect`.
bool policy_effect_is(const nlohmann::json& s, std::string_view effect);

// Whether statement `s`'s Action (or NotAction) covers `action` (IAM actions ignore case); false
// when it has neither.
bool statement_covers_action(const nlohmann::json& s, std::string_view action);

}  // namespace rolecall::checks
