#pragma once
// The Auto Scaling operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::autoscaling {

// describe.cpp
HandlerResult describe_auto_scaling_groups(RequestContext& ctx);  // DescribeAutoScalingGroups

// update.cpp
HandlerResult update_auto_scaling_group(RequestContext& ctx);  // UpdateAutoScalingGroup

}  // namespace rolecall::emulator::autoscaling
