// IAM customer managed policies: CreatePolicy, DeletePolicy (their versions: policy_versions.cpp).
#include <algorithm>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

// IAM's limit on a managed policy's Description (CreatePolicy).
constexpr std::size_t kMaxPolicyDescription = 1000;

}  // namespace

HandlerResult create_policy(RequestContext& ctx) {
  auto name = required_param(ctx, "PolicyName");
  if (!name) return std::unexpected(name.error());
  if (auto bad = check_name(*name, "policyName", 128)) return std::unexpected(*bad);
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  auto path = path_param(ctx);
  if (!path) return std::unexpected(path.error());
  const std::string description = ctx.params.value("Description");
  if (description.size() > kMaxPolicyDescription) {
    return std::unexpected(ApiError{
        400, "ValidationError",
        fmt::format("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must "
                    "have length less than or equal to {}",
                    kMaxPolicyDescription),
        true});
  }
  Account& account = ctx.account();
  ManagedPolicyDef policy;
  policy.description = description;
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
  w.open("Policy");
  render_policy_fields(w, p, p.arn, policy_use(account, p.arn));
  w.close("Policy");
  return end_response(w, ctx);
}

HandlerResult delete_policy(RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  if (auto bad = check_policy_arn(*arn)) return std::unexpected(*bad);
  if (auto denied = authorize(ctx, "iam:DeletePolicy", *arn)) return std::unexpected(*denied);
  Account& account = ctx.account();
  const ManagedPolicyDef* policy = account.find_customer_policy(*arn);
  if (!policy) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  // IAM refuses while anything still uses the policy: attachments, permissions boundaries, versions.
  if (PolicyUse use = policy_use(account, *arn); use.attachments > 0 || use.boundaries > 0) {
    return std::unexpected(delete_conflict("Cannot delete a policy attached to entities."));
  }
  if (policy_versions(*policy).size() > 1) {
    return std::unexpected(
        delete_conflict("This policy has more than one version. Before you delete a policy, you must delete the "
                        "policy's versions. The default version is deleted with the policy."));
  }
  std::erase_if(account.managed_policies, [&](const ManagedPolicyDef& p) { return p.arn == *arn; });
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam
