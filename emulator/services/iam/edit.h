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

// PolicySize of a managed policy version: non-blank characters of its document.
inline constexpr std::size_t kManagedPolicyChars = 6144;

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
std::expected<RoleDef*, ApiError> role_to_change(RequestContext& ctx, const char* action,
                                                 const policy::ConditionContext& context = {});
// The user named by UserName (the signing user when absent and `default_to_caller`; ValidationError
// for a role session, which has no user), after authorizing `action` on its ARN (NoSuchEntity after).
std::expected<User*, ApiError> user_to_change(RequestContext& ctx, const char* action, bool default_to_caller,
                                              const policy::ConditionContext& context = {});
// InvalidInput unless `arn` is a well-formed IAM policy ARN.
std::optional<ApiError> check_policy_arn(const std::string& arn);
// The PermissionsBoundary parameter ("" when absent): a policy ARN (InvalidInput otherwise).
std::expected<std::string, ApiError> boundary_param(const RequestContext& ctx);
// NoSuchEntity unless permissions boundary `arn` names a managed policy the account can attach.
std::optional<ApiError> check_boundary_exists(const RequestContext& ctx, const std::string& arn);
// The request's condition keys for setting permissions boundary `arn` (iam:PermissionsBoundary).
policy::ConditionContext boundary_context(const std::string& arn);
// Authorizes creating the entity `arn` (`create_action`, with iam:PermissionsBoundary when the
// request sets one) and, when PermissionsBoundary is given, setting it (`put_action`, as IAM does);
// the boundary's ARN ("" for none), or InvalidInput / AccessDenied / NoSuchEntity in that order.
std::expected<std::string, ApiError> authorize_create(RequestContext& ctx, const char* create_action,
                                                      const char* put_action, const std::string& arn);
// A fresh IAM unique id: `prefix` + 17 of [A-Z2-7] (under the unique lock).
std::string new_unique_id(RequestContext& ctx, const char* prefix);
// EntityAlreadyExists (409) / DeleteConflict (409) / LimitExceeded (409) with `message`.
ApiError already_exists(std::string message);
ApiError delete_conflict(std::string message);
ApiError limit_exceeded(std::string message);

}  // namespace rolecall::emulator::iam
