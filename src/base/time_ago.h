#pragma once
// A point in time as an operator types it: a duration back from now ("7d", "12h", "30m", "45s") or
// an ISO 8601 date or date-time. Shared by `findings --since` and `scan --trail-since/--trail-until`.

#include <chrono>
#include <optional>
#include <string_view>

namespace rolecall::base {

// The duration `text` names: a whole number (0 included) with d, h, m or s, at most `max`;
// nullopt otherwise. `--soak 7d`, and the "back from now" form below.
std::optional<std::chrono::seconds> parse_duration(std::string_view text, std::chrono::seconds max);

// The instant `text` names: `now` minus a duration (a positive whole number with d, h, m or s, up to
// about 100 years), a date ("2026-12-01": its midnight UTC) or an ISO 8601 time; nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parse_time_or_ago(std::string_view text,
                                                                       std::chrono::system_clock::time_point now);

}  // namespace rolecall::base
