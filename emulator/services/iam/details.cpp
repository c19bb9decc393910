// IAM GetAccountAuthorizationDetails: users, roles and managed policies of the caller's account.
#include <set>

#include <fmt/format.h>

#include "emulator/estate/managed_policies.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

void render_attached(XmlWriter& w, const std::vector<std::string>& arns) {
  w.open("AttachedManagedPolicies");
  for (const auto& arn : arns) {
    w.open("member").leaf("PolicyName", arn.substr(arn.rfind('/') + 1)).leaf("PolicyArn", arn).close("member");
  }
  w.close("AttachedManagedPolicies");
}

void render_inline(XmlWriter& w, const char* tag, const std::vector<InlineDoc>& docs) {
  w.open(tag);
  for (const auto& d : docs)
    w.open("member").leaf("PolicyName", d.name).leaf("PolicyDocument", iam_policy_text(d.document)).close("member");
  w.close(tag);
}

void render_policy(XmlWriter& w, const ManagedPolicyDef& p, const std::string& arn, const PolicyUse& use) {
  w.open("member");
  render_policy_fields(w, p, arn, use);
  w.open("PolicyVersionList");
  for (const auto& [id, document] : policy_versions(p)) {
    w.open("member").leaf("Document", iam_policy_text(document)).leaf("VersionId", id);
    w.leaf_bool("IsDefaultVersion", id == p.default_version).leaf("CreateDate", kIamCreateDate).close("member");
  }
  w.close("PolicyVersionList");
  w.close("member");
}

}  // namespace

HandlerResult get_account_authorization_details(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "iam:GetAccountAuthorizationDetails", "*")) return std::unexpected(*denied);
  std::vector<std::string> filter = ctx.params.list("Filter.member");
  for (const auto& f : filter) {
    if (f != "User" && f != "Role" && f != "Group" && f != "LocalManagedPolicy" && f != "AWSManagedPolicy") {
      return error(
          400, "ValidationError",
          fmt::format("1 validation error detected: Value '[{}]' at 'filter' failed to satisfy constraint", f));
    }
  }
  auto wants = [&](const char* kind) {
    return filter.empty() || std::find(filter.begin(), filter.end(), kind) != filter.end();
  };
  const Account& account = ctx.account();

  // Every entity in one ordered list, so MaxItems/Marker page across kinds.
  struct Entry {
    int kind;  // 0 user, 1 role, 2 local policy, 3 aws policy, 4 group
    std::size_t index;
    std::string arn;
  };
  std::vector<Entry> entries;
  // Every managed policy in use, AWS managed ones used only as a permissions boundary too.
  std::map<std::string, PolicyUse> uses = policy_uses(account);
  if (wants("User"))
    for (std::size_t i = 0; i < account.users.size(); ++i) entries.push_back({0, i, {}});
  if (wants("Group"))
    for (std::size_t i = 0; i < account.groups.size(); ++i) entries.push_back({4, i, {}});
  if (wants("Role"))
    for (std::size_t i = 0; i < account.roles.size(); ++i) entries.push_back({1, i, {}});
  if (wants("LocalManagedPolicy")) {
    for (std::size_t i = 0; i < account.managed_policies.size(); ++i)
      entries.push_back({2, i, account.managed_policies[i].arn});
  }
  if (wants("AWSManagedPolicy")) {
    for (const auto& [arn, use] : uses) {
      if (find_aws_managed_policy(arn)) entries.push_back({3, 0, arn});
    }
  }
  std::string scope = fmt::format("{}|{}|{}", ctx.action, account.id, fmt::join(filter, ","));
  auto page = iam_page(ctx, scope, entries.size());
  if (!page) return std::unexpected(page.error());

  XmlWriter w = begin_response(ctx);
  w.open("UserDetailList");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    if (entries[i].kind != 0) continue;
    const User& u = account.users[entries[i].index];
    w.open("member").leaf("Path", u.path).leaf("UserName", u.name).leaf("UserId", u.id).leaf("Arn", u.arn);
    w.leaf("CreateDate", kIamCreateDate);
    render_inline(w, "UserPolicyList", u.inline_policies);
    w.open("GroupList");
    for (const auto& g : u.groups) w.leaf("member", g);
    w.close("GroupList");
    render_attached(w, u.attached_policy_arns);
    render_permissions_boundary(w, u.permissions_boundary);
    w.empty("Tags").close("member");
  }
  w.close("UserDetailList");
  w.open("GroupDetailList");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    if (entries[i].kind != 4) continue;
    const Group& g = account.groups[entries[i].index];
    w.open("member").leaf("Path", g.path).leaf("GroupName", g.name).leaf("GroupId", g.id).leaf("Arn", g.arn);
    w.leaf("CreateDate", kIamCreateDate);
    render_inline(w, "GroupPolicyList", g.inline_policies);
    render_attached(w, g.attached_policy_arns);
    w.close("member");
  }
  w.close("GroupDetailList");
  w.open("RoleDetailList");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    if (entries[i].kind != 1) continue;
    const RoleDef& r = account.roles[entries[i].index];
    w.open("member").leaf("Path", r.path).leaf("RoleName", r.name).leaf("RoleId", r.id).leaf("Arn", r.arn);
    w.leaf("CreateDate", kIamCreateDate).leaf("AssumeRolePolicyDocument", iam_policy_text(r.trust_policy));
    w.open("InstanceProfileList");
    for (const auto& p : account.profiles) {
      if (std::find(p.roles.begin(), p.roles.end(), r.name) == p.roles.end()) continue;
      w.open("member");
      render_profile_fields(w, account, p);
      w.close("member");
    }
    w.close("InstanceProfileList");
    render_inline(w, "RolePolicyList", r.inline_policies);
    render_attached(w, r.attached_policy_arns);
    render_permissions_boundary(w, r.permissions_boundary);
    w.empty("Tags").empty("RoleLastUsed").close("member");
  }
  w.close("RoleDetailList");
  w.open("Policies");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    if (entries[i].kind == 2) {
      const ManagedPolicyDef& p = account.managed_policies[entries[i].index];
      render_policy(w, p, p.arn, uses[p.arn]);
    } else if (entries[i].kind == 3) {
      const std::string& arn = entries[i].arn;
      render_policy(w, *find_aws_managed_policy(arn), arn, uses[arn]);
    }
  }
  w.close("Policies");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::iam
