#pragma once
// The STS (Query protocol, 2011-06-15) operations the emulator serves.

#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::sts {

// Every STS operation: name, whether it mutates, handler (emulator/services/sts/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::sts
