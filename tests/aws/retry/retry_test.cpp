#include "aws/retry.h"

#include <gtest/gtest.h>

#include "support/fake_env.h"

namespace rolecall::aws {
namespace {

using std::chrono::milliseconds;

Error aws_error(ErrorKind kind, std::string code, int status) {
  return Error::service(kind, std::move(code), "boom", status);
}

TEST(ClassifyFailure, SortsErrorsLikeStandardMode) {
  EXPECT_EQ(classify_failure(Error::network("Connection refused")), FailureClass::kConnection);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 503)), FailureClass::kTransient);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 500)), FailureClass::kTransient);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 502)), FailureClass::kTransient);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 504)), FailureClass::kTransient);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 501)), FailureClass::kNotRetryable);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kThrottled, "RequestLimitExceeded", 503)), FailureClass::kThrottling);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kAws, "Throttling", 400)), FailureClass::kThrottling);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kAws, "ThrottlingException", 400)), FailureClass::kThrottling);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kHttp, "", 429)), FailureClass::kThrottling);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kAws, "InvalidParameterValue", 400)), FailureClass::kNotRetryable);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kAccessDenied, "UnauthorizedOperation", 403)),
            FailureClass::kNotRetryable);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kCredentials, "", 0)), FailureClass::kNotRetryable);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kCancelled, "", 0)), FailureClass::kNotRetryable);
  EXPECT_EQ(classify_failure(aws_error(ErrorKind::kAws, "InternalError", 500)), FailureClass::kTransient);
}

TEST(RetryStrategy, FullJitterExponentialBackoff) {
  RetryOptions options;
  options.max_attempts = 4;
  RetryStrategy strategy(options, [] { return 0.5; });
  RetryStrategy::CallState state;
  Error transient = aws_error(ErrorKind::kHttp, "", 503);
  auto d1 = strategy.on_failure(state, transient);
  ASSERT_TRUE(d1.retry);
  EXPECT_EQ(d1.delay, milliseconds(50));  // 0.5 * 100ms
  EXPECT_EQ(state.attempts, 2);
  auto d2 = strategy.on_failure(state, transient);
  ASSERT_TRUE(d2.retry);
  EXPECT_EQ(d2.delay, milliseconds(100));  // 0.5 * 200ms
  auto d3 = strategy.on_failure(state, aws_error(ErrorKind::kThrottled, "Throttling", 400));
  ASSERT_TRUE(d3.retry);
  EXPECT_EQ(d3.delay, milliseconds(1000));  // 0.5 * 500ms * 4: throttling has the larger base
  auto d4 = strategy.on_failure(state, transient);
  EXPECT_FALSE(d4.retry);
  EXPECT_EQ(d4.reason, "gave up after 4 attempts");
}

TEST(RetryStrategy, ThrottlingIsRetriedLongerAndTakesNoQuota) {
  RetryOptions options;
  options.quota_capacity = 10;
  RetryStrategy strategy(options, [] { return 0.0; });
  RetryStrategy::CallState state;
  Error throttled = aws_error(ErrorKind::kThrottled, "RequestLimitExceeded", 503);
  for (int attempt = 1; attempt < options.throttling_max_attempts; ++attempt) {
    ASSERT_TRUE(strategy.on_failure(state, throttled).retry) << attempt;
  }
  EXPECT_EQ(strategy.available_quota(), 10);
  auto last = strategy.on_failure(state, throttled);
  EXPECT_FALSE(last.retry);
  EXPECT_EQ(last.reason, "gave up after 10 attempts");
  // Other failures still stop at max_attempts and spend the quota.
  RetryStrategy::CallState other;
  EXPECT_TRUE(strategy.on_failure(other, aws_error(ErrorKind::kHttp, "", 500)).retry);
  EXPECT_EQ(strategy.available_quota(), 5);
}

TEST(RetryStrategy, BackoffIsCappedAtMaxBackoff) {
  RetryOptions options;
  options.max_attempts = 40;
  options.quota_capacity = 1000;
  RetryStrategy strategy(options, [] { return 0.999; });
  RetryStrategy::CallState state;
  milliseconds last{0};
  for (int i = 0; i < 30; ++i) {
    auto d = strategy.on_failure(state, aws_error(ErrorKind::kHttp, "", 500));
    ASSERT_TRUE(d.retry) << i;
    EXPECT_LE(d.delay, milliseconds(20'000));
    last = d.delay;
  }
  EXPECT_EQ(last, milliseconds(19'980));
}

TEST(RetryStrategy, JitterSpansZeroToCeiling) {
  RetryStrategy low({}, [] { return 0.0; });
  RetryStrategy::CallState s1;
  EXPECT_EQ(low.on_failure(s1, aws_error(ErrorKind::kHttp, "", 500)).delay, milliseconds(0));
  double r = 0.25;
  RetryStrategy varied({}, [&r] { return r; });
  RetryStrategy::CallState s2;
  EXPECT_EQ(varied.on_failure(s2, aws_error(ErrorKind::kHttp, "", 500)).delay, milliseconds(25));
}

TEST(RetryStrategy, NonRetryableErrorIsNotRetried) {
  RetryStrategy strategy({}, [] { return 0.5; });
  RetryStrategy::CallState state;
  auto d = strategy.on_failure(state, aws_error(ErrorKind::kAws, "InvalidInstanceID.Malformed", 400));
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "not retryable");
  EXPECT_EQ(strategy.available_quota(), 500);
  EXPECT_EQ(state.attempts, 1);
}

TEST(RetryStrategy, QuotaDrainsAndStopsRetries) {
  RetryOptions options;
  options.max_attempts = 2;
  RetryStrategy strategy(options, [] { return 0.0; });
  int retries = 0;
  for (int call = 0; call < 200; ++call) {
    RetryStrategy::CallState state;
    if (strategy.on_failure(state, aws_error(ErrorKind::kHttp, "", 503)).retry) ++retries;
  }
  EXPECT_EQ(retries, 100);  // 500 tokens / 5 per retry
  EXPECT_EQ(strategy.available_quota(), 0);
  RetryStrategy::CallState state;
  auto d = strategy.on_failure(state, aws_error(ErrorKind::kHttp, "", 503));
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, "retry quota exhausted");
}

TEST(RetryStrategy, ConnectionErrorsCostMore) {
  RetryOptions options;
  options.max_attempts = 2;
  RetryStrategy strategy(options, [] { return 0.0; });
  int retries = 0;
  for (int call = 0; call < 100; ++call) {
    RetryStrategy::CallState state;
    if (strategy.on_failure(state, Error::network("timeout")).retry) ++retries;
  }
  EXPECT_EQ(retries, 50);  // 500 / 10
}

TEST(RetryStrategy, SuccessRefundsQuota) {
  RetryStrategy strategy({}, [] { return 0.0; });
  RetryStrategy::CallState retried;
  ASSERT_TRUE(strategy.on_failure(retried, Error::network("reset")).retry);
  EXPECT_EQ(strategy.available_quota(), 490);
  strategy.on_success(retried);  // the retry's cost comes back
  EXPECT_EQ(strategy.available_quota(), 500);

  RetryStrategy::CallState a;
  ASSERT_TRUE(strategy.on_failure(a, aws_error(ErrorKind::kHttp, "", 500)).retry);
  EXPECT_EQ(strategy.available_quota(), 495);
  strategy.on_success(RetryStrategy::CallState{});  // first-try success: +1
  EXPECT_EQ(strategy.available_quota(), 496);
  for (int i = 0; i < 10; ++i) strategy.on_success(RetryStrategy::CallState{});
  EXPECT_EQ(strategy.available_quota(), 500);  // never above capacity
}

TEST(RetryOptions, MaxAttemptsFromEnvironment) {
  rolecall::testing::FakeEnv env;
  env.set("AWS_MAX_ATTEMPTS", "7");
  auto seven = RetryOptions::from_environment(env);
  ASSERT_TRUE(seven.has_value());
  EXPECT_EQ(seven->max_attempts, 7);
  env.set("AWS_MAX_ATTEMPTS", "many");
  auto bad = RetryOptions::from_environment(env);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("AWS_MAX_ATTEMPTS"), std::string::npos);
  env.set("AWS_MAX_ATTEMPTS", "0");
  EXPECT_FALSE(RetryOptions::from_environment(env).has_value());
  env.set("AWS_MAX_ATTEMPTS", std::nullopt);
  auto defaults = RetryOptions::from_environment(env);
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->max_attempts, 3);
}

}  // namespace
}  // namespace rolecall::aws
