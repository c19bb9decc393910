#include "store/since.h"

#include <charconv>

#include <fmt/format.h>

#include "base/iso8601.h"

namespace rolecall::store {

Result<std::chrono::system_clock::time_point> parse_since(std::string_view text,
                                                          std::chrono::system_clock::time_point now) {
  if (auto date = base::parse_date(text)) return std::chrono::sys_days(*date);
  if (auto time = base::parse_iso8601(text)) return *time;
  if (text.size() >= 2) {
    std::int64_t count = 0;
    const auto digits = text.substr(0, text.size() - 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    // Up to ~100 years back: beyond that is a typo, and it keeps the arithmetic in range.
    if (ec == std::errc() && end == digits.data() + digits.size() && count > 0 && count <= 36'500 * 86'400LL) {
      std::int64_t unit = 0;
      switch (text.back()) {
        case 'd': unit = 86'400; break;
        case 'h': unit = 3'600; break;
        case 'm': unit = 60; break;
        case 's': unit = 1; break;
        default: break;
      }
      if (unit != 0 && count <= 36'500 * 86'400LL / unit) return now - std::chrono::seconds(count * unit);
    }
  }
  return fail(Error::invalid_argument(fmt::format(
      "--since {}: expected a duration such as 7d, 12h, 30m, or a date (2026-12-01) or ISO 8601 time", text)));
}

}  // namespace rolecall::store
