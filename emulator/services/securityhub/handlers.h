#pragma once
// The Security Hub operation handlers, named after the operation in snake_case; each file named
// below defines its group. operations.cpp lists them in the service's operation table.

#include <optional>

#include "emulator/services/service.h"

namespace rolecall::emulator::securityhub {

// findings_import.cpp
HandlerResult batch_import_findings(RequestContext& ctx);  // BatchImportFindings

// findings_get.cpp
HandlerResult get_findings(RequestContext& ctx);  // GetFindings

// findings_import.cpp: InvalidAccessException unless Security Hub is enabled for the caller's
// account in the request's region.
std::optional<ApiError> require_enabled(RequestContext& ctx);

}  // namespace rolecall::emulator::securityhub
