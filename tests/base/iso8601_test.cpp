// ISO 8601 UTC: the seconds and milliseconds forms, the one parser, and calendar dates.
#include "base/iso8601.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace rolecall::base {
namespace {

using namespace std::chrono;

// Milliseconds since the epoch of `text`, or nullopt when it does not parse.
std::optional<std::int64_t> epoch_millis(std::string_view text) {
  const auto t = parse_iso8601(text);
  if (!t) return std::nullopt;
  return floor<milliseconds>(t->time_since_epoch()).count();
}

TEST(FormatIso8601, SecondsAndMillisInUtc) {
  const auto t =
      sys_days{year{2026} / November / 24} + hours{3} + minutes{4} + seconds{5} + milliseconds{67} + microseconds{890};
  EXPECT_EQ(format_iso8601(t), "2026-11-24T03:04:05Z");
  EXPECT_EQ(format_iso8601_millis(t), "2026-11-24T03:04:05.067Z");
  EXPECT_EQ(format_iso8601(sys_days{year{1970} / January / 1}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601_millis(sys_days{year{2024} / February / 29} + hours{23} + minutes{59} + seconds{59}),
            "2024-02-29T23:59:59.000Z");
}

TEST(FormatIso8601, RoundTripsThroughTheParser) {
  const system_clock::time_point t = sys_days{year{2025} / July / 4} + hours{12} + milliseconds{1};
  EXPECT_EQ(parse_iso8601(format_iso8601_millis(t)), t);
  EXPECT_EQ(parse_iso8601(format_iso8601(t)), floor<seconds>(t));
}

// The cases aws/credentials/timestamp and report/common's epoch_millis each tested for their own
// parser.
TEST(ParseIso8601, ParsesUtcOffsetsAndFractions) {
  auto base = parse_iso8601("2024-05-01T12:00:00Z");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(duration_cast<seconds>(base->time_since_epoch()).count(), 1714564800);
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00.123Z"), *base + milliseconds{123});
  EXPECT_EQ(parse_iso8601("2024-05-01T14:00:00+02:00"), *base);
  EXPECT_EQ(parse_iso8601("2024-05-01T09:30:00-0230"), *base);
  EXPECT_EQ(parse_iso8601("2024-05-01t12:00:00z"), *base);
  EXPECT_EQ(parse_iso8601("2024-05-01 12:00:00Z"), *base);
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00.123456789123Z"), *base + nanoseconds{123456789});
  EXPECT_EQ(epoch_millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(epoch_millis("2026-11-24T03:04:09.25Z"), 1795489449250);
}

TEST(ParseIso8601, SaturatesOutsideTheClocksRange) {
  // system_clock counts 64-bit nanoseconds, from 1677-09-21T00:12:43.145Z to 2262-04-11T23:47:16.854Z.
  // Beyond that the conversion overflowed (UBSan: signed integer overflow) and a year-9999 expiry
  // came out in the past; now it saturates.
  using std::chrono::system_clock;
  EXPECT_EQ(parse_iso8601("9999-12-31T00:00:00Z"), system_clock::time_point::max());
  EXPECT_EQ(parse_iso8601("2262-04-12T00:00:00Z"), system_clock::time_point::max());
  EXPECT_EQ(parse_iso8601("2262-04-11T23:47:17Z"), system_clock::time_point::max());
  EXPECT_EQ(parse_iso8601("0000-01-01T00:00:00Z"), system_clock::time_point::min());
  EXPECT_EQ(parse_iso8601("1677-09-21T00:00:00Z"), system_clock::time_point::min());
  const auto last = parse_iso8601("2262-04-11T23:47:15.999999999Z");
  ASSERT_TRUE(last);
  EXPECT_LT(*last, system_clock::time_point::max());
  EXPECT_EQ(format_iso8601(*last), "2262-04-11T23:47:15Z");
  const auto first = parse_iso8601("1677-09-21T00:12:45Z");
  ASSERT_TRUE(first);
  EXPECT_GT(*first, system_clock::time_point::min());
  EXPECT_EQ(format_iso8601(*first), "1677-09-21T00:12:45Z");
}

TEST(DayStart, SaturatesLikeTheParserAndSaysWhichDaysFit) {
  // A trail path's YYYY/MM/DD reached system_clock with no check, and year 3025 overflowed
  // (found by fuzz_s3_xml); a day is now either wholly in the clock's range or saturated.
  using std::chrono::system_clock;
  auto day = [](const char* text) { return std::chrono::sys_days(*parse_date(text)); };
  EXPECT_EQ(format_iso8601(day_start(day("2025-01-31"))), "2025-01-31T00:00:00Z");
  EXPECT_EQ(day_start(day("9999-12-31")), system_clock::time_point::max());
  EXPECT_EQ(day_start(day("3025-06-01")), system_clock::time_point::max());
  EXPECT_EQ(day_start(day("0000-01-01")), system_clock::time_point::min());
  EXPECT_TRUE(day_in_clock_range(day("2262-04-10")));
  EXPECT_FALSE(day_in_clock_range(day("2262-04-11"))) << "ends after 23:47:16, the clock's last instant";
  EXPECT_FALSE(day_in_clock_range(day("1677-09-21"))) << "begins before 00:12:43, the clock's first";
  EXPECT_TRUE(day_in_clock_range(day("1677-09-22")));
  EXPECT_FALSE(day_in_clock_range(day("9999-12-31")));
  EXPECT_EQ(format_iso8601(day_start(day("2262-04-10"))), "2262-04-10T00:00:00Z");
  EXPECT_EQ(format_iso8601(day_start(day("1677-09-22"))), "1677-09-22T00:00:00Z");
}

TEST(TimeFromEpoch, ExactInRangeAndSaturatedBeyond) {
  using std::chrono::system_clock;
  EXPECT_EQ(format_iso8601_millis(time_from_epoch_millis(1'700'003'600'123)), "2023-11-14T23:13:20.123Z");
  EXPECT_EQ(format_iso8601_millis(time_from_epoch_millis(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601(time_from_epoch_seconds(1'700'003'600)), "2023-11-14T23:13:20Z");
  EXPECT_EQ(time_from_epoch_millis(9'223'372'036'854'775'807), system_clock::time_point::max());
  EXPECT_EQ(time_from_epoch_millis(-9'223'372'036'854'775'807 - 1), system_clock::time_point::min());
  EXPECT_EQ(time_from_epoch_seconds(9'223'372'036'854'775'807), system_clock::time_point::max());
  EXPECT_EQ(time_from_epoch_seconds(-9'223'372'036'854'775'807 - 1), system_clock::time_point::min());
  EXPECT_EQ(time_from_epoch_seconds(9'300'000'000), system_clock::time_point::max()) << "2264";
}

TEST(ParseIso8601, RejectsMalformed) {
  for (const char* bad :
       {"", "2024-05-01", "2024-13-01T00:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00Zjunk",
        "2024-02-30T00:00:00Z", "2026-11-24T03:04:09.Z", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z",
        "2024-05-01T12:00:61Z", "2024-05-01T12:00:00+2", "24-05-01T12:00:00Z", "2024-05-01T12:00:0xZ"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Date, ParsesOnlyRealDates) {
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2023-00-10"));
  EXPECT_FALSE(parse_date("2023-01-1x"));
  EXPECT_FALSE(parse_date("2023-01-10T"));
  EXPECT_EQ(format_date(*parse_date("0999-01-05")), "0999-01-05");
}

}  // namespace
}  // namespace rolecall::base
