#pragma once
// `--since`: a duration back from now ("7d", "12h", "30m") or an ISO 8601 date or time.

#include <chrono>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::store {

// The instant `text` names: `now` minus a duration (a positive whole number with d, h, m or s), or a
// date ("2026-12-01", its midnight UTC) or an ISO 8601 time. kInvalidArgument naming the text otherwise.
Result<std::chrono::system_clock::time_point> parse_since(std::string_view text,
                                                          std::chrono::system_clock::time_point now);

}  // namespace rolecall::store
