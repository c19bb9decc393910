#pragma once
// Authorization of a request against the caller's identity policies and permissions boundary (the
// emulator's own policy evaluator, emulator/policy/policy_eval.h).

#include <optional>
#include <string_view>

#include "emulator/services/service.h"

namespace rolecall::emulator {

// Evaluates the caller's identity policies, bounded by its permissions boundary, for `action` on
// `resource` with the request's condition keys; the service's access-denied error when not allowed.
std::optional<ApiError> authorize(const RequestContext& ctx, std::string_view action, std::string_view resource,
                                  const policy::ConditionContext& context = {});

}  // namespace rolecall::emulator
