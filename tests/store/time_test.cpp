// --since and time to fix.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include "base/iso8601.h"

#include "store/since.h"
#include "store/time_to_fix.h"

namespace rolecall::store {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const auto kNow = *base::parse_iso8601("2026-12-05T12:00:00Z");

TEST(Since, DurationsDatesAndTimes) {
  EXPECT_EQ(*parse_since("7d", kNow), *base::parse_iso8601("2026-11-28T12:00:00Z"));
  EXPECT_EQ(*parse_since("12h", kNow), *base::parse_iso8601("2026-12-05T00:00:00Z"));
  EXPECT_EQ(*parse_since("30m", kNow), *base::parse_iso8601("2026-12-05T11:30:00Z"));
  EXPECT_EQ(*parse_since("2026-12-01", kNow), *base::parse_iso8601("2026-12-01T00:00:00Z"));
  EXPECT_EQ(*parse_since("2026-12-01T08:00:00Z", kNow), *base::parse_iso8601("2026-12-01T08:00:00Z"));
  for (const char* bad : {"", "d", "7", "7w", "-3d", "0d", "1.5h", "2026-13-01", "99999999999999999999d"}) {
    auto r = parse_since(bad, kNow);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("--since ") + bad), std::string::npos);
  }
}

StoredFinding fixed(const std::string& check, Severity severity, const std::string& opened,
                    std::optional<std::string> resolved) {
  StoredFinding f;
  f.key.check_id = check;
  f.severity = severity;
  f.opened_at = opened;
  f.resolved_at = std::move(resolved);
  return f;
}

TEST(TimeToFix, MedianAndP90PerCheckAndSeverity) {
  std::vector<StoredFinding> findings;
  // instance-has-role/high fixed after 1..10 hours; one still open does not count.
  for (int h = 1; h <= 10; ++h) {
    findings.push_back(
        fixed("instance-has-role", Severity::kHigh, "2026-12-01T00:00:00Z", fmt::format("2026-12-01T{:02}:00:00Z", h)));
  }
  findings.push_back(fixed("instance-has-role", Severity::kHigh, "2026-12-01T00:00:00Z", std::nullopt));
  findings.push_back(fixed("imdsv2-required", Severity::kMedium, "2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z"));
  const auto t = time_to_fix(findings);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].check_id, "imdsv2-required");
  EXPECT_EQ(t[0].resolved, 1u);
  EXPECT_EQ(t[0].median, hours(48));
  EXPECT_EQ(t[1].check_id, "instance-has-role");
  EXPECT_EQ(t[1].severity, Severity::kHigh);
  EXPECT_EQ(t[1].resolved, 10u);
  EXPECT_EQ(t[1].median, hours(5));
  EXPECT_EQ(t[1].p90, hours(9));
}

TEST(TimeToFix, Formatting) {
  EXPECT_EQ(format_duration(seconds(45)), "45s");
  EXPECT_EQ(format_duration(seconds(125)), "2m 5s");
  EXPECT_EQ(format_duration(hours(2) + seconds(300)), "2h 5m");
  EXPECT_EQ(format_duration(hours(76)), "3d 4h");
}

}  // namespace
}  // namespace rolecall::store
