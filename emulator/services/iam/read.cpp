// IAM reads: ListAccountAliases, GetRole, ListRoles, GetInstanceProfile, ListInstanceProfiles, role policies, policy
// versions.
#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

std::expected<const RoleDef*, ApiError> role_param(RequestContext& ctx, const char* action) {
  auto name = required_param(ctx, "RoleName");
  if (!name) return std::unexpected(name.error());
  const RoleDef* role = ctx.account().find_role(*name);
  std::string arn = role ? role->arn : iam_arn(ctx.partition(), ctx.caller.account_id, "role", "/", *name);
  if (auto denied = authorize(ctx, action, arn)) return std::unexpected(*denied);
  if (!role) return std::unexpected(no_such_entity(fmt::format("The role with name {} cannot be found.", *name)));
  return role;
}

std::string scope_of(const RequestContext& ctx, const std::string& extra = {}) {
  return fmt::format("{}|{}|{}|{}", ctx.action, ctx.caller.account_id, ctx.params.value("PathPrefix", "/"), extra);
}

}  // namespace

HandlerResult get_role(RequestContext& ctx) {
  auto role = role_param(ctx, "iam:GetRole");
  if (!role) return std::unexpected(role.error());
  XmlWriter w = begin_response(ctx);
  w.open("Role");
  render_role_fields(w, **role, true);
  w.close("Role");
  return end_response(w, ctx);
}

HandlerResult list_roles(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "iam:ListRoles", "*")) return std::unexpected(*denied);
  std::string prefix = ctx.params.value("PathPrefix", "/");
  std::vector<const RoleDef*> roles;
  for (const auto& r : ctx.account().roles) {
    if (r.path.starts_with(prefix)) roles.push_back(&r);
  }
  auto page = iam_page(ctx, scope_of(ctx), roles.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("Roles");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    w.open("member");
    render_role_fields(w, *roles[i]);
    w.close("member");
  }
  w.close("Roles");
  render_truncation(w, ctx, scope_of(ctx), *page);
  return end_response(w, ctx);
}

HandlerResult get_instance_profile(RequestContext& ctx) {
  auto name = required_param(ctx, "InstanceProfileName");
  if (!name) return std::unexpected(name.error());
  const ProfileDef* profile = ctx.account().find_profile(*name);
  std::string arn =
      profile ? profile->arn : iam_arn(ctx.partition(), ctx.caller.account_id, "instance-profile", "/", *name);
  if (auto denied = authorize(ctx, "iam:GetInstanceProfile", arn)) return std::unexpected(*denied);
  if (!profile) return error(404, "NoSuchEntity", fmt::format("Instance Profile {} cannot be found.", *name));
  XmlWriter w = begin_response(ctx);
  w.open("InstanceProfile");
  render_profile_fields(w, ctx.account(), *profile);
  w.close("InstanceProfile");
  return end_response(w, ctx);
}

namespace {

HandlerResult list_profiles(RequestContext& ctx, const RoleDef* for_role) {
  std::string prefix = ctx.params.value("PathPrefix", "/");
  std::vector<const ProfileDef*> profiles;
  for (const auto& p : ctx.account().profiles) {
    bool has_role = !for_role || std::find(p.roles.begin(), p.roles.end(), for_role->name) != p.roles.end();
    if (p.path.starts_with(prefix) && has_role) profiles.push_back(&p);
  }
  std::string scope = scope_of(ctx, for_role ? for_role->name : "");
  auto page = iam_page(ctx, scope, profiles.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("InstanceProfiles");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    w.open("member");
    render_profile_fields(w, ctx.account(), *profiles[i]);
    w.close("member");
  }
  w.close("InstanceProfiles");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

}  // namespace

HandlerResult list_account_aliases(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "iam:ListAccountAliases", "*")) return std::unexpected(*denied);
  XmlWriter w = begin_response(ctx);
  w.leaf("IsTruncated", "false");
  w.open("AccountAliases");
  if (const std::string& alias = ctx.account().alias; !alias.empty()) w.leaf("member", alias);
  w.close("AccountAliases");
  return end_response(w, ctx);
}

HandlerResult list_instance_profiles(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "iam:ListInstanceProfiles", "*")) return std::unexpected(*denied);
  return list_profiles(ctx, nullptr);
}

HandlerResult list_instance_profiles_for_role(RequestContext& ctx) {
  auto role = role_param(ctx, "iam:ListInstanceProfilesForRole");
  if (!role) return std::unexpected(role.error());
  return list_profiles(ctx, *role);
}

std::string policy_name_of(const std::string& arn) { return arn.substr(arn.rfind('/') + 1); }

HandlerResult list_attached_role_policies(RequestContext& ctx) {
  auto role = role_param(ctx, "iam:ListAttachedRolePolicies");
  if (!role) return std::unexpected(role.error());
  const auto& arns = (*role)->attached_policy_arns;
  std::string scope = scope_of(ctx, (*role)->name);
  auto page = iam_page(ctx, scope, arns.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("AttachedPolicies");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    w.open("member").leaf("PolicyName", policy_name_of(arns[i])).leaf("PolicyArn", arns[i]).close("member");
  }
  w.close("AttachedPolicies");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

HandlerResult list_role_policies(RequestContext& ctx) {
  auto role = role_param(ctx, "iam:ListRolePolicies");
  if (!role) return std::unexpected(role.error());
  const auto& docs = (*role)->inline_policies;
  std::string scope = scope_of(ctx, (*role)->name);
  auto page = iam_page(ctx, scope, docs.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("PolicyNames");
  for (std::size_t i = page->begin; i < page->end; ++i) w.leaf("member", docs[i].name);
  w.close("PolicyNames");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

HandlerResult get_role_policy(RequestContext& ctx) {
  auto role = role_param(ctx, "iam:GetRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto name = required_param(ctx, "PolicyName");
  if (!name) return std::unexpected(name.error());
  for (const auto& doc : (*role)->inline_policies) {
    if (doc.name != *name) continue;
    XmlWriter w = begin_response(ctx);
    w.leaf("RoleName", (*role)->name)
        .leaf("PolicyName", doc.name)
        .leaf("PolicyDocument", iam_policy_text(doc.document));
    return end_response(w, ctx);
  }
  return std::unexpected(no_such_entity(fmt::format("The role policy with name {} cannot be found.", *name)));
}

HandlerResult get_policy(RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  if (auto denied = authorize(ctx, "iam:GetPolicy", *arn)) return std::unexpected(*denied);
  const ManagedPolicyDef* p = find_managed_policy(ctx.account(), *arn);
  if (!p) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  XmlWriter w = begin_response(ctx);
  w.open("Policy");
  render_policy_fields(w, *p, *arn, policy_use(ctx.account(), *arn));
  w.close("Policy");
  return end_response(w, ctx);
}

HandlerResult get_policy_version(RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  auto version = required_param(ctx, "VersionId");
  if (!version) return std::unexpected(version.error());
  if (auto denied = authorize(ctx, "iam:GetPolicyVersion", *arn)) return std::unexpected(*denied);
  const ManagedPolicyDef* p = find_managed_policy(ctx.account(), *arn);
  if (p) {
    for (const auto& [id, document] : policy_versions(*p)) {
      if (id != *version) continue;
      XmlWriter w = begin_response(ctx);
      w.open("PolicyVersion").leaf("Document", iam_policy_text(document)).leaf("VersionId", id);
      w.leaf_bool("IsDefaultVersion", id == p->default_version).leaf("CreateDate", kIamCreateDate);
      w.close("PolicyVersion");
      return end_response(w, ctx);
    }
  }
  return std::unexpected(
      no_such_entity(fmt::format("Policy {} version {} does not exist or is not attachable.", *arn, *version)));
}

}  // namespace rolecall::emulator::iam
