// inventory::make_trail_window and trail_path_info: --trail-since/--trail-until as an operator types
// them, and what a trail log file's path says (account, region, delivery day and time).
#include "inventory/trail_window.h"

#include <gtest/gtest.h>

#include "base/iso8601.h"

namespace rolecall::inventory {
namespace {

const TrailTime kWindowNow = *base::parse_iso8601("2026-12-06T12:00:00Z");

TEST(TrailWindow, DefaultsToTheLast90DaysUpToNow) {
  auto w = make_trail_window("", "", kWindowNow);
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(w->since_text, "2026-09-07T12:00:00Z");
  EXPECT_EQ(w->until_text, "2026-12-06T12:00:00Z");
}

TEST(TrailWindow, ReadsDatesTimesAndDurations) {
  auto dates = make_trail_window("2025-01-01", "2025-03-31", kWindowNow);
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->since_text, "2025-01-01T00:00:00Z");
  EXPECT_EQ(dates->until_text, "2025-03-31T23:59:59Z") << "a date until counts its whole day";
  auto times = make_trail_window("2025-01-01T08:30:00Z", "2025-01-02T10:00:00+02:00", kWindowNow);
  ASSERT_TRUE(times);
  EXPECT_EQ(times->since_text, "2025-01-01T08:30:00Z");
  EXPECT_EQ(times->until_text, "2025-01-02T08:00:00Z");
  auto ago = make_trail_window("30d", "12h", kWindowNow);
  ASSERT_TRUE(ago);
  EXPECT_EQ(ago->since_text, "2026-11-06T12:00:00Z");
  EXPECT_EQ(ago->until_text, "2026-12-06T00:00:00Z");
  auto until_only = make_trail_window("", "2025-06-30", kWindowNow);
  ASSERT_TRUE(until_only);
  EXPECT_EQ(until_only->since_text, "2025-04-01T23:59:59Z") << "90 days before until";
}

TEST(TrailWindow, RefusesWhatItCannotReadAndAnEmptyWindow) {
  for (const char* bad : {"yesterday", "2025-02-30", "30", "-3d", "3w", "d"}) {
    auto w = make_trail_window(bad, "", kWindowNow);
    ASSERT_FALSE(w) << bad;
    EXPECT_EQ(w.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(w.error().message.find(std::string("--trail-since ") + bad), std::string::npos) << w.error().message;
  }
  auto bad_until = make_trail_window("", "soon", kWindowNow);
  ASSERT_FALSE(bad_until);
  EXPECT_NE(bad_until.error().message.find("--trail-until soon"), std::string::npos);
  auto backwards = make_trail_window("2025-03-01", "2025-02-01", kWindowNow);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(backwards.error().message.find("is not before"), std::string::npos);
}

TEST(TrailPathInfo, ReadsTheTrailLayout) {
  auto info = trail_path_info(
      "/data/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/"
      "111122223333_CloudTrail_eu-west-1_20250131T2355Z_AbCdEfGhIjKlMnOp.json.gz");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->account, "111122223333");
  EXPECT_EQ(info->region, "eu-west-1");
  EXPECT_EQ(base::format_date(std::chrono::year_month_day(info->day)), "2025-01-31");
  ASSERT_TRUE(info->delivered);
  EXPECT_EQ(base::format_iso8601(*info->delivered), "2025-01-31T23:55:00Z");
  // An S3 key of an organization trail; a name without AWS's time keeps the day only.
  auto org = trail_path_info("AWSLogs/o-abcdef1234/444455556666/CloudTrail/us-east-1/2025/02/01/other.json");
  ASSERT_TRUE(org);
  EXPECT_EQ(org->account, "444455556666");
  EXPECT_FALSE(org->delivered);
}

TEST(TrailPathInfo, AnythingElseHasNoInfo) {
  for (const char* path : {"/logs/a.json.gz", "/AWSLogs/1234/CloudTrail/eu-west-1/2025/01/31/x.json.gz",
                           "/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/02/30/x.json.gz",
                           "/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/x.json.gz",
                           "/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/extra/x.json.gz"}) {
    EXPECT_FALSE(trail_path_info(path)) << path;
  }
  // A file name whose time names another day than its directory keeps only the directory's day.
  auto odd = trail_path_info(
      "/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/"
      "111122223333_CloudTrail_eu-west-1_20250201T0005Z_x.json.gz");
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->delivered);
}

TEST(TrailWindow, DaysThatMayHoldItsEventsAndFilesThatProveIt) {
  auto w = make_trail_window("2025-01-10T12:00:00Z", "2025-01-20T12:00:00Z", kWindowNow);
  ASSERT_TRUE(w);
  auto day = [](int d) { return std::chrono::sys_days(std::chrono::year(2025) / 1 / d); };
  EXPECT_FALSE(trail_day_may_hold(*w, day(9)));
  EXPECT_TRUE(trail_day_may_hold(*w, day(10)));
  EXPECT_TRUE(trail_day_may_hold(*w, day(21))) << "a late delivery of the last events";
  EXPECT_FALSE(trail_day_may_hold(*w, day(22)));
  TrailPathInfo info{"111122223333", "eu-west-1", day(10), std::nullopt};
  EXPECT_TRUE(trail_file_in_window(*w, info));
  info.delivered = TrailTime(day(10)) + std::chrono::hours(11);
  EXPECT_FALSE(trail_file_in_window(*w, info));
  info.delivered = TrailTime(day(10)) + std::chrono::hours(13);
  EXPECT_TRUE(trail_file_in_window(*w, info));
  info.day = day(21);
  info.delivered = std::nullopt;
  EXPECT_FALSE(trail_file_in_window(*w, info));
}

TEST(TrailPathInfo, ADayTheClockCannotHoldIsNoTrailPath) {
  // Found by fuzz_s3_xml: a listed key dated 3025 overflowed the conversion to system_clock.
  for (const char* path :
       {"AWSLogs/111122223333/CloudTrail/eu-west-1/3025/01/31/111122223333_CloudTrail_eu-west-1_30250131T2355Z_x.json",
        "AWSLogs/111122223333/CloudTrail/eu-west-1/9999/12/31/x.json.gz",
        "AWSLogs/111122223333/CloudTrail/eu-west-1/0001/01/01/x.json.gz"}) {
    EXPECT_FALSE(trail_path_info(path)) << path;
  }
  auto last = trail_path_info(
      "AWSLogs/111122223333/CloudTrail/eu-west-1/2262/04/10/111122223333_CloudTrail_eu-west-1_22620410T2359Z_x.json");
  ASSERT_TRUE(last);
  ASSERT_TRUE(last->delivered);
  EXPECT_EQ(base::format_iso8601(*last->delivered), "2262-04-10T23:59:00Z");
}

TEST(TrailWindow, BoundsBeyondTheClocksRangeSaturateAndStillCompare) {
  // --trail-until 9999-12-31 and --trail-since 0000-01-01: every day the clock holds is in the window.
  auto w = make_trail_window("0000-01-01", "9999-12-31", kWindowNow);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->since, TrailTime::min());
  EXPECT_EQ(w->until, TrailTime::max());
  auto day = [](int y, unsigned m, unsigned d) {
    return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
  };
  for (auto d : {day(1677, 9, 22), day(2025, 1, 31), day(2262, 4, 10)}) {
    EXPECT_TRUE(trail_day_may_hold(*w, d));
    EXPECT_TRUE(trail_file_in_window(*w, TrailPathInfo{"111122223333", "eu-west-1", d, std::nullopt}));
  }
  auto iso = make_trail_window("2025-01-01T00:00:00Z", "9999-12-31T00:00:00Z", kWindowNow);
  ASSERT_TRUE(iso);
  EXPECT_EQ(iso->until, TrailTime::max());
  EXPECT_FALSE(trail_day_may_hold(*iso, day(2024, 12, 30)));
  EXPECT_TRUE(trail_day_may_hold(*iso, day(2262, 4, 10)));
  // An until before the clock's range has no window before it.
  auto early = make_trail_window("", "1000-01-01", kWindowNow);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace rolecall::inventory
