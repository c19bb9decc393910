#include "inventory/trail_window.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/time_ago.h"

namespace rolecall::inventory {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

Result<TrailTime> trail_window_time(std::string_view text, bool is_until, TrailTime now) {
  const char* option = is_until ? "--trail-until" : "--trail-since";
  if (auto date = base::parse_date(text)) {
    // A date names its whole day: since its first second, until its last (saturated beyond the
    // clock's range, as an ISO 8601 time is).
    if (!is_until) return base::day_start(sys_days(*date));
    const TrailTime next = base::day_start(sys_days(*date) + days(1));
    return next == TrailTime::max() || next == TrailTime::min() ? next : next - std::chrono::seconds(1);
  }
  if (auto when = base::parse_time_or_ago(text, now)) return *when;
  return fail(Error::invalid_argument(fmt::format(
      "{} {}: expected a date (2026-12-01), an ISO 8601 time (2026-12-01T08:00:00Z) or a duration back from "
      "now such as 30d or 12h",
      option, text)));
}

bool all_digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int trail_number(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// "<account>_CloudTrail_<region>_YYYYMMDDTHHMMZ_..." -> the time, on the path's own day only.
std::optional<TrailTime> trail_name_time(std::string_view name, const TrailPathInfo& info) {
  const std::string prefix = fmt::format("{}_CloudTrail_{}_", info.account, info.region);
  if (!name.starts_with(prefix) || name.size() < prefix.size() + 14) return std::nullopt;
  const std::string_view t = name.substr(prefix.size(), 14);
  if (!all_digits(t.substr(0, 8), 8) || t[8] != 'T' || !all_digits(t.substr(9, 4), 4) || t[13] != 'Z')
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(trail_number(t.substr(0, 4))),
                                        std::chrono::month(static_cast<unsigned>(trail_number(t.substr(4, 2)))),
                                        std::chrono::day(static_cast<unsigned>(trail_number(t.substr(6, 2))))};
  const int hour = trail_number(t.substr(9, 2)), minute = trail_number(t.substr(11, 2));
  if (!ymd.ok() || sys_days(ymd) != info.day || hour > 23 || minute > 59) return std::nullopt;
  return TrailTime(sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute));
}

}  // namespace

Result<TrailWindow> make_trail_window(std::string_view since, std::string_view until, TrailTime now) {
  TrailWindow w;
  w.until = now;
  if (!until.empty()) {
    auto u = trail_window_time(until, true, now);
    if (!u) return fail(u.error());
    w.until = *u;
  }
  // The default reaches back from --trail-until, stopping at the clock's first instant.
  constexpr auto kDefaultBack = days(kDefaultTrailWindowDays);
  w.since = w.until < TrailTime::min() + kDefaultBack ? TrailTime::min() : w.until - kDefaultBack;
  if (!since.empty()) {
    auto s = trail_window_time(since, false, now);
    if (!s) return fail(s.error());
    w.since = *s;
  }
  w.since_text = base::format_iso8601(w.since);
  w.until_text = base::format_iso8601(w.until);
  if (w.since >= w.until) {
    return fail(Error::invalid_argument(fmt::format("--trail-since {} is not before --trail-until {} ({} to {})",
                                                    since.empty() ? "(default)" : since,
                                                    until.empty() ? "(now)" : until, w.since_text, w.until_text)));
  }
  return w;
}

TrailWindow trail_window_back(TrailTime now, int days_back) {
  TrailWindow w;
  w.until = now;
  w.since = now - days(days_back);
  w.since_text = base::format_iso8601(w.since);
  w.until_text = base::format_iso8601(w.until);
  return w;
}

std::optional<TrailPathInfo> trail_path_info(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  // The last "CloudTrail" directory: .../<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.
  for (std::size_t i = parts.size(); i-- > 1;) {
    if (parts[i] != "CloudTrail" || i + 6 != parts.size()) continue;
    if (!all_digits(parts[i - 1], 12) || parts[i + 1].empty() || !all_digits(parts[i + 2], 4) ||
        !all_digits(parts[i + 3], 2) || !all_digits(parts[i + 4], 2))
      return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(trail_number(parts[i + 2])),
                                          std::chrono::month(static_cast<unsigned>(trail_number(parts[i + 3]))),
                                          std::chrono::day(static_cast<unsigned>(trail_number(parts[i + 4])))};
    // AWS writes no trail day the clock cannot hold; such a path is not a trail file's.
    if (!ymd.ok() || !base::day_in_clock_range(sys_days(ymd))) return std::nullopt;
    TrailPathInfo info{std::string(parts[i - 1]), std::string(parts[i + 1]), sys_days(ymd), std::nullopt};
    info.delivered = trail_name_time(parts[i + 5], info);
    return info;
  }
  return std::nullopt;
}

// Compared in whole seconds, where no day or saturated bound overflows: for a whole second s,
// s > t exactly when s > floor(t), and s <= t exactly when s <= floor(t).
bool trail_day_may_hold(const TrailWindow& window, sys_days day) {
  const std::chrono::sys_seconds first{day};
  return first + days(1) > std::chrono::floor<std::chrono::seconds>(window.since) &&
         first - days(1) <= std::chrono::floor<std::chrono::seconds>(window.until);
}

bool trail_file_in_window(const TrailWindow& window, const TrailPathInfo& info) {
  if (info.delivered) return *info.delivered >= window.since && *info.delivered <= window.until;
  const std::chrono::sys_seconds first{info.day};
  return first + days(1) > std::chrono::floor<std::chrono::seconds>(window.since) &&
         first <= std::chrono::floor<std::chrono::seconds>(window.until);
}

}  // namespace rolecall::inventory
