#pragma once
// The EC2 (Query protocol, 2016-11-15) operations the emulator serves.

#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// Every EC2 operation: name, whether it mutates, handler (emulator/services/ec2/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::ec2
