#include "base/time_ago.h"

#include <charconv>
#include <cstdint>

#include "base/iso8601.h"

namespace rolecall::base {

std::optional<std::chrono::seconds> parse_duration(std::string_view text, std::chrono::seconds max) {
  if (text.size() < 2) return std::nullopt;
  std::int64_t count = 0;
  const auto digits = text.substr(0, text.size() - 1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (ec != std::errc() || end != digits.data() + digits.size() || count < 0 || count > max.count())
    return std::nullopt;
  std::int64_t unit = 0;
  switch (text.back()) {
    case 'd': unit = 86'400; break;
    case 'h': unit = 3'600; break;
    case 'm': unit = 60; break;
    case 's': unit = 1; break;
    default: return std::nullopt;
  }
  if (count > max.count() / unit) return std::nullopt;
  return std::chrono::seconds(count * unit);
}

std::optional<std::chrono::system_clock::time_point> parse_time_or_ago(std::string_view text,
                                                                       std::chrono::system_clock::time_point now) {
  if (auto date = parse_date(text)) return day_start(std::chrono::sys_days(*date));
  if (auto time = parse_iso8601(text)) return *time;
  // Up to ~100 years back: beyond that is a typo, and it keeps the arithmetic in range.
  constexpr std::chrono::seconds kMaxBack{36'500 * 86'400LL};
  auto back = parse_duration(text, kMaxBack);
  if (!back || back->count() == 0) return std::nullopt;
  return now - *back;
}

}  // namespace rolecall::base
