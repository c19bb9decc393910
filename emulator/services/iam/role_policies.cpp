// IAM role permissions: PutRolePolicy, DeleteRolePolicy, AttachRolePolicy, DetachRolePolicy.
#include <algorithm>

#include <fmt/format.h>

#include "emulator/common/validate.h"
#include "emulator/estate/managed_policies.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kInlineCharsPerRole = 10240;  // all of a role's inline policies together
constexpr std::size_t kPoliciesPerRole = 10;        // attached managed policies (default quota)

// PolicyArn, which must be a well-formed IAM policy ARN (InvalidInput otherwise).
std::expected<std::string, ApiError> policy_arn_param(const RequestContext& ctx) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  if (auto bad = check_policy_arn(*arn)) return std::unexpected(*bad);
  return *arn;
}

}  // namespace

HandlerResult put_role_policy(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:PutRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto name = required_param(ctx, "PolicyName");
  if (!name) return std::unexpected(name.error());
  if (auto bad = check_name(*name, "policyName", 128)) return std::unexpected(*bad);
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  auto doc = parse_policy_document(*text, PolicyKind::kIdentity, kInlineCharsPerRole, "PolicySize");
  if (!doc) return std::unexpected(doc.error());
  std::size_t total = policy_size(*doc);
  for (const auto& p : (*role)->inline_policies) total += p.name == *name ? 0 : policy_size(p.document);
  if (total > kInlineCharsPerRole) {
    return std::unexpected(limit_exceeded(
        fmt::format("Maximum policy size of {} bytes exceeded for role {}", kInlineCharsPerRole, (*role)->name)));
  }
  auto& docs = (*role)->inline_policies;
  auto it = std::find_if(docs.begin(), docs.end(), [&](const InlineDoc& d) { return d.name == *name; });
  if (it != docs.end()) {
    it->document = std::move(*doc);
  } else {
    docs.push_back({*name, std::move(*doc)});
  }
  return no_output_response(ctx);
}

HandlerResult delete_role_policy(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:DeleteRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto name = required_param(ctx, "PolicyName");
  if (!name) return std::unexpected(name.error());
  if (std::erase_if((*role)->inline_policies, [&](const InlineDoc& d) { return d.name == *name; }) == 0) {
    return std::unexpected(no_such_entity(fmt::format("The role policy with name {} cannot be found.", *name)));
  }
  return no_output_response(ctx);
}

HandlerResult attach_role_policy(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:AttachRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto arn = policy_arn_param(ctx);
  if (!arn) return std::unexpected(arn.error());
  if (!ctx.account().find_customer_policy(*arn) && !find_aws_managed_policy(*arn)) {
    return std::unexpected(no_such_entity(fmt::format("Policy {} does not exist or is not attachable.", *arn)));
  }
  auto& arns = (*role)->attached_policy_arns;
  if (std::find(arns.begin(), arns.end(), *arn) != arns.end()) return no_output_response(ctx);
  if (arns.size() >= kPoliciesPerRole) {
    return std::unexpected(limit_exceeded("Cannot exceed quota for PoliciesPerRole: 10"));
  }
  arns.push_back(*arn);
  return no_output_response(ctx);
}

HandlerResult detach_role_policy(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:DetachRolePolicy");
  if (!role) return std::unexpected(role.error());
  auto arn = policy_arn_param(ctx);
  if (!arn) return std::unexpected(arn.error());
  if (std::erase((*role)->attached_policy_arns, *arn) == 0) {
    return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  }
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam
