#pragma once
// ISO 8601 timestamps as credential sources write them ("2024-05-01T12:00:00Z").

#include <chrono>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::aws {

// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" as base::parse_iso8601 does, to the second
// (fractions dropped); fails with kParse naming `what`.
Result<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text, std::string_view what);

}  // namespace rolecall::aws
