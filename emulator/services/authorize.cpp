#include "emulator/services/authorize.h"

#include <fmt/format.h>

namespace rolecall::emulator {

std::optional<ApiError> authorize(const RequestContext& ctx, std::string_view action, std::string_view resource,
                                  const policy::ConditionContext& context) {
  const policy::NamedPolicy* boundary = ctx.caller.boundary ? &*ctx.caller.boundary : nullptr;
  auto bounded = policy::evaluate_bounded(ctx.caller.policies, boundary, action, resource, context);
  const policy::Decision decision = bounded.evaluation.decision;
  if (decision == policy::Decision::kAllowed) return std::nullopt;
  // IAM names the kind of policy that denied: an identity-based policy or the permissions boundary.
  const char* kind = bounded.denied_by_boundary ? "permissions boundary" : "identity-based policy";
  std::string message;
  if (decision == policy::Decision::kExplicitDeny) {
    message = fmt::format("User: {} is not authorized to perform: {} on resource: {} with an explicit deny in {} {}",
                          ctx.caller.arn, action, resource, bounded.denied_by_boundary ? "a" : "an", kind);
  } else {
    message =
        fmt::format("User: {} is not authorized to perform: {} on resource: {} because no {} allows the {} action",
                    ctx.caller.arn, action, resource, kind, action);
  }
  switch (ctx.service) {
    case Service::kEc2:
      return ApiError{403, "UnauthorizedOperation", "You are not authorized to perform this operation. " + message,
                      true};
    case Service::kCloudTrail:
    case Service::kOrganizations:
      return ApiError{400, "AccessDeniedException", "You don't have permissions to access this resource. " + message,
                      true};
    case Service::kSecurityHub: return ApiError{403, "AccessDeniedException", message, true};
    case Service::kSqs: return ApiError{403, "AccessDenied", message, true};
    default: return ApiError{403, "AccessDenied", message, true};
  }
}

}  // namespace rolecall::emulator
