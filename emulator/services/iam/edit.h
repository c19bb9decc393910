#pragma once
// Helpers shared by the IAM write handlers (roles.cpp, role_policies.cpp, policies.cpp, users.cpp,
// profiles.cpp): name, path and policy-document validation as IAM does it, tags and fresh ids.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/service.h"

namespace rolecall::emulator::iam {

// What a policy document is for: identity policies need Resource, trust policies Principal.
enum class PolicyKind { kIdentity, kTrust };

// ValidationError unless `value` is an IAM name of 1..`max` characters of [\w+=,.@-]; `field` is
// the API's member name in lower camel case ("roleName").
std::optional<ApiError> check_name(const std::string& value, const char* field, std::size_t max);
// The Path parameter ("/" when absent), or ValidationError when it does not begin and end with "/".
std::expected<std::string, ApiError> path_param(const RequestContext& ctx);
// The JSON document in `text` (URL-decoded by the Query layer already), or MalformedPolicyDocument
// saying what is wrong; LimitExceeded when it holds more than `max_chars` non-blank characters.
std::expected<nlohmann::json, ApiError> parse_policy_document(const std::string& text, PolicyKind kind,
                                                              std::size_t max_chars, const char* quota);
// Non-blank characters in `document` as IAM counts them against its size quotas.
std::size_t policy_size(const nlohmann::json& document);
// Tags.member.N.Key / .Value, in order; ValidationError for a tag without a key.
std::expected<std::vector<std::pair<std::string, std::string>>, ApiError> tags_param(const RequestContext& ctx);
// The role named by RoleName, after authorizing `action` on its ARN (NoSuchEntity only then, so
// a caller without the permission learns nothing).
std::expected<RoleDef*, ApiError> role_to_change(RequestContext& ctx, const char* action);
// A fresh IAM unique id: `prefix` + 17 of [A-Z2-7] (under the unique lock).
std::string new_unique_id(RequestContext& ctx, const char* prefix);
// EntityAlreadyExists (409) / DeleteConflict (409) / LimitExceeded (409) with `message`.
ApiError already_exists(std::string message);
ApiError delete_conflict(std::string message);
ApiError limit_exceeded(std::string message);

}  // namespace rolecall::emulator::iam
