#pragma once
// The CloudTrail operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::cloudtrail {

// lookup_events.cpp
HandlerResult lookup_events(RequestContext& ctx);  // LookupEvents

}  // namespace rolecall::emulator::cloudtrail
