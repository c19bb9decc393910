#pragma once
// The Security Hub (REST-JSON, SigV4 service "securityhub") operations the emulator serves. REST
// operations are named by method and path, not by an Action parameter or X-Amz-Target.

#include <string_view>
#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::securityhub {

// Every Security Hub operation: name, whether it mutates, handler (securityhub/handlers.h).
const std::vector<Operation>& operations();

// The operation name botocore's service model routes `method` `path` (no query string) to
// ("BatchImportFindings" for POST /findings/import), or "" when none.
std::string_view route(std::string_view method, std::string_view path);

}  // namespace rolecall::emulator::securityhub
