#pragma once
// Helpers shared by the Auto Scaling handlers: the request region's groups, ARNs and AWS's
// ValidationError.

#include <string>

#include "emulator/services/service.h"

namespace rolecall::emulator::autoscaling {

// The caller's account data for the request region (empty when the estate lacks the region).
RegionData& region_data(RequestContext& ctx);
// The group `name` of the request's account and region, or nullptr.
AutoScalingGroup* find_group(RequestContext& ctx, const std::string& name);
// arn:<partition>:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>,
// the uuid derived from the account, region and name so it is stable.
std::string group_arn(const RequestContext& ctx, const std::string& name);
// Auto Scaling's 400 ValidationError with `message`.
ApiError validation_error(std::string message);

}  // namespace rolecall::emulator::autoscaling
