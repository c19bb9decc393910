#include "emulator/services/autoscaling/operations.h"

#include "emulator/services/autoscaling/handlers.h"

namespace rolecall::emulator::autoscaling {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"DescribeAutoScalingGroups", false, describe_auto_scaling_groups},
      {"UpdateAutoScalingGroup", true, update_auto_scaling_group},
  };
  return ops;
}

}  // namespace rolecall::emulator::autoscaling
