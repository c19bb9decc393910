#pragma once
// The CloudTrail (JSON 1.1, SigV4 service "cloudtrail") operations the emulator serves.

#include <string_view>
#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::cloudtrail {

// What X-Amz-Target starts with before the operation name.
inline constexpr std::string_view kTargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

// Every CloudTrail operation: name, whether it mutates, handler (cloudtrail/handlers.h).
const std::vector<Operation>& operations();

}  // namespace rolecall::emulator::cloudtrail
