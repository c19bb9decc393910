// IAM role changes: CreateRole, DeleteRole, UpdateAssumeRolePolicy, TagRole.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "base/ascii.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kTrustPolicyChars = 2048;  // ACLSizePerRole (default quota)
constexpr std::size_t kTagsPerRole = 50;

// The role named by RoleName after authorizing `action` on its ARN (NoSuchEntity after that).

std::optional<ApiError> merge_tags(RoleDef& role, const std::vector<std::pair<std::string, std::string>>& tags) {
  auto merged = role.tags;
  for (const auto& [key, value] : tags) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& t) { return t.first == key; });
    if (it != merged.end()) {
      it->second = value;
    } else {
      merged.emplace_back(key, value);
    }
  }
  if (merged.size() > kTagsPerRole) return limit_exceeded("Cannot exceed quota for TagsPerRole: 50");
  role.tags = std::move(merged);
  return std::nullopt;
}

}  // namespace

HandlerResult create_role(RequestContext& ctx) {
  auto name = required_param(ctx, "RoleName");
  if (!name) return std::unexpected(name.error());
  if (auto bad = check_name(*name, "roleName", 64)) return std::unexpected(*bad);
  auto trust_text = required_param(ctx, "AssumeRolePolicyDocument");
  if (!trust_text) return std::unexpected(trust_text.error());
  auto path = path_param(ctx);
  if (!path) return std::unexpected(path.error());
  auto tags = tags_param(ctx);
  if (!tags) return std::unexpected(tags.error());
  Account& account = ctx.account();
  RoleDef role;
  role.name = *name;
  role.path = *path;
  role.arn = iam_arn(ctx.partition(), account.id, "role", *path, *name);
  role.description = ctx.params.value("Description");
  auto boundary = authorize_create(ctx, "iam:CreateRole", "iam:PutRolePermissionsBoundary", role.arn);
  if (!boundary) return std::unexpected(boundary.error());
  role.permissions_boundary = std::move(*boundary);
  if (const std::string* max = ctx.params.get("MaxSessionDuration")) {
    int seconds = 0;
    auto [ptr, ec] = std::from_chars(max->data(), max->data() + max->size(), seconds);
    if (ec != std::errc() || ptr != max->data() + max->size() || seconds < 3600 || seconds > 43200) {
      return error(400, "ValidationError",
                   fmt::format("1 validation error detected: Value '{}' at 'maxSessionDuration' failed to satisfy "
                               "constraint: Member must have value less than or equal to 43200",
                               *max));
    }
  }
  auto trust = parse_policy_document(*trust_text, PolicyKind::kTrust, kTrustPolicyChars, "ACLSizePerRole");
  if (!trust) return std::unexpected(trust.error());
  // Role names are unique regardless of case.
  for (const auto& r : account.roles) {
    if (base::iequals(r.name, *name)) {
      return std::unexpected(already_exists(fmt::format("Role with name {} already exists.", *name)));
    }
  }
  role.trust_policy = std::move(*trust);
  role.id = new_unique_id(ctx, "AROA");
  if (auto bad = merge_tags(role, *tags)) return std::unexpected(*bad);
  account.roles.push_back(std::move(role));
  XmlWriter w = begin_response(ctx);
  w.open("Role");
  render_role_fields(w, account.roles.back(), true);
  w.close("Role");
  return end_response(w, ctx);
}

HandlerResult delete_role(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:DeleteRole");
  if (!role) return std::unexpected(role.error());
  Account& account = ctx.account();
  const std::string name = (*role)->name;
  for (const auto& p : account.profiles) {
    if (std::find(p.roles.begin(), p.roles.end(), name) != p.roles.end()) {
      return std::unexpected(delete_conflict("Cannot delete entity, must remove roles from instance profile first."));
    }
  }
  if (!(*role)->attached_policy_arns.empty()) {
    return std::unexpected(delete_conflict("Cannot delete entity, must detach all policies first."));
  }
  if (!(*role)->inline_policies.empty()) {
    return std::unexpected(delete_conflict("Cannot delete entity, must delete policies first."));
  }
  std::erase_if(account.roles, [&](const RoleDef& r) { return r.name == name; });
  return no_output_response(ctx);
}

HandlerResult update_assume_role_policy(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:UpdateAssumeRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  auto trust = parse_policy_document(*text, PolicyKind::kTrust, kTrustPolicyChars, "ACLSizePerRole");
  if (!trust) return std::unexpected(trust.error());
  (*role)->trust_policy = std::move(*trust);
  return no_output_response(ctx);
}

HandlerResult tag_role(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:TagRole");
  if (!role) return std::unexpected(role.error());
  auto tags = tags_param(ctx);
  if (!tags) return std::unexpected(tags.error());
  if (tags->empty()) return std::unexpected(required_param(ctx, "Tags").error());
  if (auto bad = merge_tags(**role, *tags)) return std::unexpected(*bad);
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam
