#pragma once
// The Organizations (JSON 1.1, AWSOrganizationsV20161128) operations the emulator serves.

#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::organizations {

// Every Organizations operation: name, whether it mutates, handler (emulator/services/organizations/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::organizations
