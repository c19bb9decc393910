#pragma once
// Which events of a trail's log files count (scan --trail-since/--trail-until), and what a log
// file's path says about it. A trail names every file for its account, region and delivery time:
// AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json.gz
// so a file outside the window is skipped by its path alone, and the files read prove for which
// accounts and regions the trail delivered logs within the window (docs/checks/key-in-use-from-instance.md).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::inventory {

using TrailTime = std::chrono::system_clock::time_point;

// The default window: LookupEvents' reach, back from now.
inline constexpr int kDefaultTrailWindowDays = 90;

// since..until, both included; the texts are their ISO 8601 forms ("2026-12-01T00:00:00Z").
struct TrailWindow {
  TrailTime since;
  TrailTime until;
  std::string since_text;
  std::string until_text;
};

// The window --trail-since SINCE --trail-until UNTIL give at `now`. Each is a duration back from
// now ("30d", "12h"), an ISO 8601 date-time, or a date: SINCE's midnight, UNTIL's last second (the
// whole day counts). Empty UNTIL: now; empty SINCE: 90 days before UNTIL. kInvalidArgument naming
// the option and its text when one cannot be read or SINCE is not before UNTIL.
Result<TrailWindow> make_trail_window(std::string_view since, std::string_view until, TrailTime now);

// The window of the last `days` days up to `now`.
TrailWindow trail_window_back(TrailTime now, int days = kDefaultTrailWindowDays);

// What a log file's path (a directory path or an S3 key) says, when it follows a trail's layout.
struct TrailPathInfo {
  std::string account;                 // the 12 digits before /CloudTrail/
  std::string region;                  // the directory after it
  std::chrono::sys_days day;           // the YYYY/MM/DD directories: the delivery day (UTC)
  std::optional<TrailTime> delivered;  // the file name's YYYYMMDDTHHMMZ, when it has AWS's form
};

// The account, region and delivery day (and time) of `path`; nullopt when it does not follow the
// layout (no /CloudTrail/ directory after a 12-digit account, or no real YYYY/MM/DD after the region).
std::optional<TrailPathInfo> trail_path_info(std::string_view path);

// Whether a file delivered on `day` may hold events within `window`. A trail delivers an event
// after it happened, typically within 15 minutes: a day that ends before `since` holds none, and a
// day more than one day after `until` holds none either (the one day is a generous delivery delay).
bool trail_day_may_hold(const TrailWindow& window, std::chrono::sys_days day);

// Whether a file at `info` proves the trail delivered logs within `window`: its delivery time (its
// day when the name has none) lies within the window.
bool trail_file_in_window(const TrailWindow& window, const TrailPathInfo& info);

}  // namespace rolecall::inventory
