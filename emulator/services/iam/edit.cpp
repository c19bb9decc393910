#include "emulator/services/iam/edit.h"

#include <fmt/format.h>

#include "base/json_text.h"
#include "emulator/common/validate.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

ApiError malformed(std::string message) { return {400, "MalformedPolicyDocument", std::move(message), true}; }

// Checks one statement's required members (Effect, Action/NotAction, Resource or Principal).
std::optional<ApiError> check_statement(const nlohmann::json& s, PolicyKind kind) {
  if (!s.is_object()) return malformed("Syntax errors in policy.");
  auto effect = s.find("Effect");
  if (effect == s.end() || !effect->is_string() || (*effect != "Allow" && *effect != "Deny")) {
    return malformed("Policy statement must contain a valid Effect (Allow or Deny).");
  }
  if (!s.contains("Action") && !s.contains("NotAction")) return malformed("Policy statement must contain actions.");
  if (kind == PolicyKind::kIdentity) {
    if (s.contains("Principal") || s.contains("NotPrincipal")) {
      return malformed("Policy document should not specify a principal.");
    }
    if (!s.contains("Resource") && !s.contains("NotResource")) {
      return malformed("Policy statement must contain resources.");
    }
  } else {
    if (!s.contains("Principal") && !s.contains("NotPrincipal")) {
      return malformed("AssumeRolepolicy contained an invalid principal element.");
    }
    if (s.contains("Resource") || s.contains("NotResource")) {
      return malformed("Has prohibited field Resource");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> check_name(const std::string& value, const char* field, std::size_t max) {
  if (value.size() > max) {
    return ApiError{400, "ValidationError",
                    fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member "
                                "must have length less than or equal to {}",
                                value, field, max),
                    true};
  }
  if (!is_iam_name(value, 1, max)) {
    return ApiError{400, "ValidationError",
                    fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member "
                                "must satisfy regular expression pattern: [\\w+=,.@-]+",
                                value, field),
                    true};
  }
  return std::nullopt;
}

std::expected<std::string, ApiError> path_param(const RequestContext& ctx) {
  std::string path = ctx.params.value("Path", "/");
  bool ok = !path.empty() && path.front() == '/' && path.back() == '/' && path.size() <= 512;
  for (char c : path) ok = ok && c > ' ' && c < 127;
  if (!ok) {
    return std::unexpected(ApiError{400, "ValidationError",
                                    "The specified value for path is invalid. It must begin and end with / and "
                                    "contain only alphanumeric characters and/or / characters.",
                                    true});
  }
  return path;
}

std::size_t policy_size(const nlohmann::json& document) {
  std::size_t n = 0;
  for (char c : base::json_text(document)) n += c != ' ' && c != '\n' && c != '\t' && c != '\r';
  return n;
}

std::expected<nlohmann::json, ApiError> parse_policy_document(const std::string& text, PolicyKind kind,
                                                              std::size_t max_chars, const char* quota) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::unexpected(malformed("Syntax errors in policy."));
  if (auto v = doc.find("Version"); v != doc.end() && (*v != "2012-10-17" && *v != "2008-10-17")) {
    return std::unexpected(malformed("The policy failed legacy parsing"));
  }
  for (const auto& [key, value] : doc.items()) {
    if (key != "Version" && key != "Id" && key != "Statement") {
      return std::unexpected(malformed(fmt::format("Syntax errors in policy. Unknown field {}", key)));
    }
  }
  auto statements = doc.find("Statement");
  if (statements == doc.end() || (!statements->is_object() && !statements->is_array()) ||
      (statements->is_array() && statements->empty())) {
    return std::unexpected(malformed("Syntax errors in policy."));
  }
  if (statements->is_object()) {
    if (auto bad = check_statement(*statements, kind)) return std::unexpected(*bad);
  } else {
    for (const auto& s : *statements) {
      if (auto bad = check_statement(s, kind)) return std::unexpected(*bad);
    }
  }
  if (policy_size(doc) > max_chars) {
    return std::unexpected(limit_exceeded(fmt::format("Cannot exceed quota for {}: {}", quota, max_chars)));
  }
  return doc;
}

std::expected<std::vector<std::pair<std::string, std::string>>, ApiError> tags_param(const RequestContext& ctx) {
  std::vector<std::pair<std::string, std::string>> tags;
  for (int i = 1;; ++i) {
    const std::string* key = ctx.params.get(fmt::format("Tags.member.{}.Key", i));
    const std::string* value = ctx.params.get(fmt::format("Tags.member.{}.Value", i));
    if (!key && !value) break;
    if (!key || key->empty() || key->size() > 128) {
      return std::unexpected(ApiError{
          400, "ValidationError",
          fmt::format("1 validation error detected: Value at 'tags.{}.member.key' failed to satisfy constraint: "
                      "Member must have length between 1 and 128",
                      i),
          true});
    }
    tags.emplace_back(*key, value ? *value : std::string());
  }
  return tags;
}

std::expected<RoleDef*, ApiError> role_to_change(RequestContext& ctx, const char* action,
                                                 const policy::ConditionContext& context) {
  auto name = required_param(ctx, "RoleName");
  if (!name) return std::unexpected(name.error());
  RoleDef* role = ctx.account().find_role(*name);
  std::string arn = role ? role->arn : iam_arn(ctx.partition(), ctx.caller.account_id, "role", "/", *name);
  if (auto denied = authorize(ctx, action, arn, context)) return std::unexpected(*denied);
  if (!role) return std::unexpected(no_such_entity(fmt::format("The role with name {} cannot be found.", *name)));
  return role;
}

std::expected<User*, ApiError> user_to_change(RequestContext& ctx, const char* action, bool default_to_caller,
                                              const policy::ConditionContext& context) {
  Account& account = ctx.account();
  std::string name = ctx.params.value("UserName");
  if (name.empty()) {
    if (!default_to_caller) return std::unexpected(required_param(ctx, "UserName").error());
    if (ctx.caller.session) {
      return std::unexpected(
          ApiError{400, "ValidationError", "Must specify userName when calling with non-User credentials", true});
    }
    name = ctx.caller.arn.substr(ctx.caller.arn.rfind('/') + 1);
  }
  User* user = account.find_user(name);
  std::string arn = user ? user->arn : iam_arn(ctx.partition(), account.id, "user", "/", name);
  if (auto denied = authorize(ctx, action, arn, context)) return std::unexpected(*denied);
  if (!user) return std::unexpected(no_such_entity(fmt::format("The user with name {} cannot be found.", name)));
  return user;
}

std::optional<ApiError> check_policy_arn(const std::string& arn) {
  auto colon = arn.find(":iam::");
  if (!arn.starts_with("arn:") || colon == std::string::npos || arn.find(":policy/", colon) == std::string::npos) {
    return ApiError{400, "InvalidInput", fmt::format("ARN {} is not valid.", arn), true};
  }
  return std::nullopt;
}

std::expected<std::string, ApiError> boundary_param(const RequestContext& ctx) {
  std::string arn = ctx.params.value("PermissionsBoundary");
  if (arn.empty()) return arn;
  if (auto bad = check_policy_arn(arn)) return std::unexpected(*bad);
  return arn;
}

std::optional<ApiError> check_boundary_exists(const RequestContext& ctx, const std::string& arn) {
  if (find_managed_policy(ctx.core.estate.accounts[ctx.caller.account], arn)) return std::nullopt;
  return no_such_entity(fmt::format("Scope ARN: {} does not exist or is not attachable.", arn));
}

policy::ConditionContext boundary_context(const std::string& arn) { return {{"iam:PermissionsBoundary", arn}}; }

std::expected<std::string, ApiError> authorize_create(RequestContext& ctx, const char* create_action,
                                                      const char* put_action, const std::string& arn) {
  auto boundary = boundary_param(ctx);
  if (!boundary) return std::unexpected(boundary.error());
  const policy::ConditionContext context = boundary->empty() ? policy::ConditionContext{} : boundary_context(*boundary);
  if (auto denied = authorize(ctx, create_action, arn, context)) return std::unexpected(*denied);
  if (boundary->empty()) return boundary;
  if (auto denied = authorize(ctx, put_action, arn, context)) return std::unexpected(*denied);
  if (auto missing = check_boundary_exists(ctx, *boundary)) return std::unexpected(*missing);
  return boundary;
}

std::string new_unique_id(RequestContext& ctx, const char* prefix) {
  return prefix + random_string(ctx.core, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);
}

ApiError already_exists(std::string message) { return {409, "EntityAlreadyExists", std::move(message), true}; }
ApiError delete_conflict(std::string message) { return {409, "DeleteConflict", std::move(message), true}; }
ApiError limit_exceeded(std::string message) { return {409, "LimitExceeded", std::move(message), true}; }

}  // namespace rolecall::emulator::iam
