// IAM customer managed policies: CreatePolicy, CreatePolicyVersion, DeletePolicy.
#include <algorithm>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kManagedPolicyChars = 6144;  // PolicySize of a managed policy version
constexpr std::size_t kVersionsPerPolicy = 5;

}  // namespace

HandlerResult create_policy(RequestContext& ctx) {
  auto name = required_param(ctx, "PolicyName");
  if (!name) return std::unexpected(name.error());
  if (auto bad = check_name(*name, "policyName", 128)) return std::unexpected(*bad);
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  auto path = path_param(ctx);
  if (!path) return std::unexpected(path.error());
  Account& account = ctx.account();
  ManagedPolicyDef policy;
  policy.name = *name;
  policy.path = *path;
  policy.arn = iam_arn(ctx.partition(), account.id, "policy", *path, *name);
  if (auto denied = authorize(ctx, "iam:CreatePolicy", policy.arn)) return std::unexpected(*denied);
  auto doc = parse_policy_document(*text, PolicyKind::kIdentity, kManagedPolicyChars, "PolicySize");
  if (!doc) return std::unexpected(doc.error());
  for (const auto& p : account.managed_policies) {
    if (p.name == *name) {
      return std::unexpected(
          already_exists(fmt::format("A policy called {} already exists. Duplicate names are not allowed.", *name)));
    }
  }
  policy.document = std::move(*doc);
  policy.id = new_unique_id(ctx, "ANPA");
  account.managed_policies.push_back(std::move(policy));
  const ManagedPolicyDef& p = account.managed_policies.back();
  XmlWriter w = begin_response(ctx);
  w.open("Policy").leaf("PolicyName", p.name).leaf("PolicyId", p.id).leaf("Arn", p.arn).leaf("Path", p.path);
  w.leaf("DefaultVersionId", p.default_version).leaf("AttachmentCount", 0LL);
  w.leaf("PermissionsBoundaryUsageCount", 0LL).leaf_bool("IsAttachable", true);  // new: no entity uses it yet
  if (const std::string* description = ctx.params.get("Description")) w.leaf("Description", *description);
  w.leaf("CreateDate", kIamCreateDate).leaf("UpdateDate", kIamCreateDate).close("Policy");
  return end_response(w, ctx);
}

HandlerResult create_policy_version(RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  if (auto denied = authorize(ctx, "iam:CreatePolicyVersion", *arn)) return std::unexpected(*denied);
  ManagedPolicyDef* policy = ctx.account().find_customer_policy(*arn);
  if (!policy) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  auto doc = parse_policy_document(*text, PolicyKind::kIdentity, kManagedPolicyChars, "PolicySize");
  if (!doc) return std::unexpected(doc.error());
  auto versions = policy_versions(*policy);
  if (versions.size() >= kVersionsPerPolicy) {
    return std::unexpected(
        limit_exceeded("A managed policy can have up to 5 versions. Before you create a new version, you must "
                       "delete an existing version."));
  }
  // Version ids are never reused: the next one follows the highest issued.
  int highest = 0;
  for (const auto& [id, document] : versions) highest = std::max(highest, std::stoi(id.substr(1)));
  std::string id = fmt::format("v{}", highest + 1);
  bool make_default = ctx.params.flag("SetAsDefault");
  versions.emplace_back(id, *doc);
  policy->versions = std::move(versions);
  if (make_default) {
    policy->default_version = id;
    policy->document = std::move(*doc);
  }
  XmlWriter w = begin_response(ctx);
  w.open("PolicyVersion").leaf("VersionId", id).leaf_bool("IsDefaultVersion", make_default);
  w.leaf("CreateDate", kIamCreateDate).close("PolicyVersion");
  return end_response(w, ctx);
}

namespace {

// True when a user, group or role of `account` has `arn` attached.
bool policy_attached(const Account& account, const std::string& arn) {
  auto has = [&](const std::vector<std::string>& arns) {
    return std::find(arns.begin(), arns.end(), arn) != arns.end();
  };
  for (const auto& u : account.users)
    if (has(u.attached_policy_arns)) return true;
  for (const auto& g : account.groups)
    if (has(g.attached_policy_arns)) return true;
  for (const auto& r : account.roles)
    if (has(r.attached_policy_arns)) return true;
  return false;
}

}  // namespace

HandlerResult delete_policy(RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  if (auto bad = check_policy_arn(*arn)) return std::unexpected(*bad);
  if (auto denied = authorize(ctx, "iam:DeletePolicy", *arn)) return std::unexpected(*denied);
  Account& account = ctx.account();
  const ManagedPolicyDef* policy = account.find_customer_policy(*arn);
  if (!policy) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  // IAM refuses while anything still uses the policy: attachments, permissions boundaries, versions.
  if (policy_attached(account, *arn) || boundary_usage_count(account, *arn) > 0) {
    return std::unexpected(delete_conflict("Cannot delete a policy attached to entities."));
  }
  if (policy_versions(*policy).size() > 1) {
    return std::unexpected(
        delete_conflict("This policy has more than one version. Before you delete a policy, you must delete the "
                        "policy's non-default versions."));
  }
  std::erase_if(account.managed_policies, [&](const ManagedPolicyDef& p) { return p.arn == *arn; });
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam
