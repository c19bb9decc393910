// A strict ISO 8601 reader for expiration times.
#include "aws/credentials/timestamp.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace rolecall::aws {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool read_number(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  std::from_chars(text.data() + pos, text.data() + pos + digits, out);
  pos += digits;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || (text[pos] != c && !(c == 'T' && (text[pos] == 't' || text[pos] == ' ')))) return false;
  ++pos;
  return true;
}

}  // namespace

Result<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text, std::string_view what) {
  auto bad = [&] {
    return fail(ErrorKind::kParse,
                fmt::format("{} is not an ISO 8601 time (expected e.g. 2024-05-01T12:00:00Z)", what));
  };
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 4, year) || !expect(text, pos, '-') || !read_number(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_number(text, pos, 2, day) || !expect(text, pos, 'T') ||
      !read_number(text, pos, 2, hour) || !expect(text, pos, ':') || !read_number(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !read_number(text, pos, 2, second)) {
    return bad();
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) ++pos;
    if (pos == start) return bad();  // fractions are dropped: expiry needs no sub-second precision
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int off_h = 0, off_m = 0;
    if (!read_number(text, pos, 2, off_h)) return bad();
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_number(text, pos, 2, off_m)) return bad();
    offset_minutes = sign * (off_h * 60 + off_m);
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                     std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return bad();
  sys_seconds t = sys_days{ymd} + hours{hour} + minutes{minute} + seconds{second} - minutes{offset_minutes};
  return time_point_cast<system_clock::duration>(t);
}

}  // namespace rolecall::aws
