#include "emulator/services/authorize.h"

#include <fmt/format.h>

namespace rolecall::emulator {

std::optional<ApiError> authorize(const RequestContext& ctx, std::string_view action, std::string_view resource,
                                  const policy::ConditionContext& context) {
  auto evaluation = policy::evaluate(ctx.caller.policies, action, resource, context);
  if (evaluation.decision == policy::Decision::kAllowed) return std::nullopt;
  const char* why = evaluation.decision == policy::Decision::kExplicitDeny
                        ? "with an explicit deny in an identity-based policy"
                        : "because no identity-based policy allows the";
  std::string message;
  if (evaluation.decision == policy::Decision::kExplicitDeny) {
    message = fmt::format("User: {} is not authorized to perform: {} on resource: {} {}", ctx.caller.arn, action,
                          resource, why);
  } else {
    message = fmt::format("User: {} is not authorized to perform: {} on resource: {} {} {} action", ctx.caller.arn,
                          action, resource, why, action);
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
