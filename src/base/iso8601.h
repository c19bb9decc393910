#pragma once
// ISO 8601 / RFC 3339 times and dates in UTC, as AWS, the journal and the reports write them.
// Pure functions of a time point: "now" comes from the caller's clock, never from here.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::base {

// "2024-05-01T12:00:00Z": `time` in UTC to the second (the fraction dropped).
std::string format_iso8601(std::chrono::system_clock::time_point time);

// "2024-05-01T12:00:00.123Z": `time` in UTC to the millisecond (the rest dropped).
std::string format_iso8601_millis(std::chrono::system_clock::time_point time);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" ('t' or ' ' for 'T', 'z' for 'Z', the
// offset's colon optional) into the instant it names, fraction kept to the nanosecond; nullopt
// for anything else, including impossible dates and times. Instants beyond system_clock's range
// (after 2262-04-11, before 1677-09-21) saturate to time_point::max() / min().
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// "2024-05-01".
std::string format_date(std::chrono::year_month_day date);

// Parses exactly "YYYY-MM-DD" naming a real calendar date; nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// Whether the whole of `day` lies within system_clock's range (1677-09-22 to 2262-04-10), so
// that day_start(day) and day_start(day + 1) are exact.
bool day_in_clock_range(std::chrono::sys_days day);

// The instant `seconds` / `millis` after 1970-01-01T00:00:00Z, as epoch timestamps arrive from
// outside; saturated to time_point::max() / min() beyond system_clock's range.
std::chrono::system_clock::time_point time_from_epoch_seconds(long long seconds);
std::chrono::system_clock::time_point time_from_epoch_millis(long long millis);

// The instant `day` begins (00:00:00 UTC); days beyond system_clock's range saturate to
// time_point::max() / min(), as parse_iso8601 does.
std::chrono::system_clock::time_point day_start(std::chrono::sys_days day);

}  // namespace rolecall::base
