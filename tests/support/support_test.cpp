// The shared test doubles behave as the tests relying on them assume.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "support/fake_aws.h"
#include "support/fake_aws_caller.h"
#include "support/fake_clock.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace rolecall::testing {
namespace {

namespace fs = std::filesystem;

aws::ServiceCall query_call(const std::string& action) {
  aws::ServiceCall c;
  c.action = action;
  c.api_version = "2016-11-15";
  return c;
}

constexpr const char* kThrottled =
    "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors>"
    "</Response>";

TEST(TempDir, IsFreshPrivateAndRemovedWithEverythingBelow) {
  fs::path kept;
  {
    const TempDir a("rolecall-support");
    const TempDir b("rolecall-support");
    EXPECT_NE(a.path(), b.path());
    ASSERT_TRUE(fs::is_directory(a.path()));
    EXPECT_TRUE(fs::is_empty(a.path()));
    EXPECT_EQ(fs::status(a.path()).permissions() & fs::perms::all, fs::perms::owner_all);
    fs::create_directories(a / "x" / "y");
    write_file(a / "x" / "y" / "f", "text");
    EXPECT_EQ(read_file(a / "x" / "y" / "f"), "text");
    EXPECT_EQ(a.string(), a.path().string());
    kept = a.path();
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(Files, ReadingAMissingFileThrowsNamingIt) {
  const TempDir dir;
  try {
    read_file(dir / "absent");
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "absent").string()), std::string::npos);
  }
  EXPECT_FALSE(aws_fixture("ec2/describe_regions.xml").empty());
}

TEST(FakeAwsCaller, InlineAnswersInsideCallInOrderWithoutRetrying) {
  FakeAwsCaller caller;
  caller.reply("<ok/>");
  caller.reply_query_error(503, kThrottled);
  std::optional<Result<aws::ServiceResponse>> first, second, third;
  caller.call(query_call("A"), [&](Result<aws::ServiceResponse> r) { first = std::move(r); });
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->body, "<ok/>");
  EXPECT_EQ((*first)->request_id, "req-1");
  caller.call(query_call("B"), [&](Result<aws::ServiceResponse> r) { second = std::move(r); });
  ASSERT_TRUE(second.has_value());
  ASSERT_FALSE(second->has_value());
  EXPECT_EQ(second->error().code, "RequestLimitExceeded");
  caller.call(query_call("C"), [&](Result<aws::ServiceResponse> r) { third = std::move(r); });
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->error().kind, ErrorKind::kInternal);
  EXPECT_EQ(caller.run(), 0);
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_EQ(caller.calls[2].action, "C");
}

TEST(FakeAwsCaller, OnRunDeliversFromRunAndRetriesRetryableAnswers) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{503, kThrottled}, {200, "<ok/>"}};
  std::optional<Result<aws::ServiceResponse>> got;
  caller.call(query_call("DescribeRegions"), [&](Result<aws::ServiceResponse> r) { got = std::move(r); });
  EXPECT_FALSE(got.has_value());
  EXPECT_EQ(caller.run(), 2);
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->body, "<ok/>");
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.form(0), "Action=DescribeRegions&Version=2016-11-15");
}

TEST(FakeBlockingHttp, UnscriptedRequestsAreRefusedConnections) {
  FakeBlockingHttp http;
  http.push_response(200, "body");
  aws::HttpRequest request;
  request.url = "http://169.254.169.254/";
  auto first = http.fetch(request);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->body, "body");
  auto second = http.fetch(request);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(http.request_count(), 2u);
  EXPECT_EQ(http.request(1).url, request.url);
  http.clear_requests();
  EXPECT_TRUE(http.requests().empty());
}

TEST(FakeClock, StartsWhereToldAndMovesOnlyWhenTold) {
  const auto start = std::chrono::sys_days{std::chrono::year{2026} / 5 / 1};
  FakeClock clock(start);
  EXPECT_EQ(clock.now(), start);
  const auto mono = clock.monotonic();
  clock.advance(std::chrono::seconds(5));
  EXPECT_EQ(clock.now(), start + std::chrono::seconds(5));
  EXPECT_EQ(clock.monotonic() - mono, std::chrono::seconds(5));
}

}  // namespace
}  // namespace rolecall::testing
