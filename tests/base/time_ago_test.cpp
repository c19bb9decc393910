// Durations as operators type them (base/time_ago.h): `--soak 7d` and the "back from now" of
// --since / --trail-since share one parser.
#include "base/time_ago.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

using std::chrono::seconds;

TEST(ParseDuration, WholeNumbersWithAUnitUpToTheMax) {
  const seconds max{10 * 86'400};
  EXPECT_EQ(*parse_duration("0s", max), seconds(0));
  EXPECT_EQ(*parse_duration("7d", max), seconds(7 * 86'400));
  EXPECT_EQ(*parse_duration("12h", max), seconds(12 * 3'600));
  EXPECT_EQ(*parse_duration("30m", max), seconds(1'800));
  EXPECT_EQ(*parse_duration("10d", max), max);
  for (const char* bad : {"", "d", "7", "7w", "-3d", "+3d", "1.5h", "11d", "241h", "99999999999999999999d"}) {
    EXPECT_FALSE(parse_duration(bad, max)) << bad;
  }
}

TEST(ParseTimeOrAgo, ADurationBackMustBePositive) {
  const auto now = std::chrono::system_clock::time_point(seconds(2'000'000'000));
  EXPECT_EQ(*parse_time_or_ago("1h", now), now - seconds(3'600));
  EXPECT_FALSE(parse_time_or_ago("0d", now));
  EXPECT_FALSE(parse_time_or_ago("36501d", now)) << "beyond about 100 years back";
}

}  // namespace
}  // namespace rolecall::base
