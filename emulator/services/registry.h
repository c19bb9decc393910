#pragma once
// Every service's operation table (emulator/services/<service>/operations.cpp), looked up by name.

#include <string>

#include "emulator/services/service.h"

namespace rolecall::emulator {

// The operation `action` of `service`, or nullptr when the service has no such operation.
const Operation* find_operation(Service service, const std::string& action);

}  // namespace rolecall::emulator
