#include "base/iso8601.h"

#include <fmt/format.h>

namespace rolecall::base {
namespace {

using std::chrono::system_clock;

// Reads exactly `digits` decimal digits at `pos`, advancing past them.
bool read_number(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  pos += digits;
  return true;
}

// Consumes `c` at `pos`; 'T' also accepts 't' and ' ' (RFC 3339 section 5.6).
bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || (text[pos] != c && !(c == 'T' && (text[pos] == 't' || text[pos] == ' ')))) return false;
  ++pos;
  return true;
}

// "YYYY-MM-DDTHH:MM:SS" of `seconds`, without a zone designator.
std::string date_time(std::chrono::sys_seconds seconds) {
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{seconds - day};
  return fmt::format("{}T{:02}:{:02}:{:02}", format_date(ymd), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

// system_clock counts nanoseconds in 64 bits (years 1677 to 2262): a time outside that range
// saturates instead of overflowing (a credential expiring in 9999 expires at the clock's end).
constexpr std::chrono::seconds kLastSecond =
    std::chrono::floor<std::chrono::seconds>(system_clock::duration::max()) - std::chrono::seconds{1};
constexpr std::chrono::seconds kFirstSecond =
    std::chrono::ceil<std::chrono::seconds>(system_clock::duration::min()) + std::chrono::seconds{1};

system_clock::time_point saturated(std::chrono::sys_seconds whole, std::chrono::nanoseconds fraction) {
  if (whole.time_since_epoch() > kLastSecond) return system_clock::time_point::max();
  if (whole.time_since_epoch() < kFirstSecond) return system_clock::time_point::min();
  return std::chrono::time_point_cast<system_clock::duration>(whole + fraction);
}

}  // namespace

std::string format_iso8601(system_clock::time_point time) {
  return date_time(std::chrono::floor<std::chrono::seconds>(time)) + 'Z';
}

std::string format_iso8601_millis(system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto millis = std::chrono::floor<std::chrono::milliseconds>(time - seconds).count();
  return fmt::format("{}.{:03}Z", date_time(seconds), millis);
}

std::optional<system_clock::time_point> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  int hour = 0, minute = 0, second = 0;
  const auto date = parse_date(text.substr(0, 10));
  pos = 10;
  if (!date || !expect(text, pos, 'T') || !read_number(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_number(text, pos, 2, minute) || !expect(text, pos, ':') || !read_number(text, pos, 2, second)) {
    return std::nullopt;
  }
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    long long scale = 100'000'000;  // digits past the ninth are read and dropped
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
      fraction += std::chrono::nanoseconds{(text[pos] - '0') * scale};
    }
    if (pos == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offset_hours = 0, offset_mins = 0;
    if (!read_number(text, pos, 2, offset_hours)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_number(text, pos, 2, offset_mins)) return std::nullopt;
    offset_minutes = sign * (offset_hours * 60 + offset_mins);
  } else {
    return std::nullopt;
  }
  if (pos != text.size() || hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: a leap second
  using namespace std::chrono;
  const sys_seconds whole = sys_days{*date} + hours{hour} + minutes{minute} + seconds{second} - minutes{offset_minutes};
  return saturated(whole, fraction);
}

std::string format_date(std::chrono::year_month_day date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || !read_number(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_number(text, pos, 2, month) || !expect(text, pos, '-') || !read_number(text, pos, 2, day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

bool day_in_clock_range(std::chrono::sys_days day) {
  const std::chrono::sys_seconds first{day};
  return first.time_since_epoch() >= kFirstSecond && first.time_since_epoch() + std::chrono::days{1} <= kLastSecond;
}

system_clock::time_point day_start(std::chrono::sys_days day) {
  return saturated(std::chrono::sys_seconds{day}, std::chrono::nanoseconds{0});
}

system_clock::time_point time_from_epoch_seconds(long long seconds) {
  return saturated(std::chrono::sys_seconds{std::chrono::seconds{seconds}}, std::chrono::nanoseconds{0});
}

system_clock::time_point time_from_epoch_millis(long long millis) {
  // Whole seconds first (rounded down, so negative times stay exact), then the rest in range.
  long long whole = millis / 1000;
  long long rest = millis % 1000;
  if (rest < 0) {
    --whole;
    rest += 1000;
  }
  return saturated(std::chrono::sys_seconds{std::chrono::seconds{whole}}, std::chrono::milliseconds{rest});
}

}  // namespace rolecall::base
