#pragma once
// The EC2 Auto Scaling (Query, 2011-01-01) operations the emulator serves.

#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::autoscaling {

// Every Auto Scaling operation: name, whether it mutates, handler (emulator/services/autoscaling/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::autoscaling
