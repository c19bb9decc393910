// Expiration times as credential sources write them, read with base::parse_iso8601.
#include "aws/credentials/timestamp.h"

#include <fmt/format.h>

#include "base/iso8601.h"

namespace rolecall::aws {

Result<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text, std::string_view what) {
  const auto time = base::parse_iso8601(text);
  if (!time) {
    return fail(ErrorKind::kParse,
                fmt::format("{} is not an ISO 8601 time (expected e.g. 2024-05-01T12:00:00Z)", what));
  }
  // A saturated time (beyond the clock's range) stays as it is: flooring min() would overflow.
  using Time = std::chrono::system_clock::time_point;
  if (*time == Time::max() || *time == Time::min()) return *time;
  // Fractions are dropped: expiry needs no sub-second precision.
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::floor<std::chrono::seconds>(*time));
}

}  // namespace rolecall::aws
