#pragma once
// The IAM (Query protocol, 2010-05-08) operations the emulator serves.

#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::iam {

// Every IAM operation: name, whether it mutates, handler (emulator/services/iam/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::iam
