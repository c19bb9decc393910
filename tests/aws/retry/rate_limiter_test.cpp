#include "aws/rate_limiter.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>

#include <gtest/gtest.h>

#include "aws/retry.h"
#include "support/fake_aws.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::FakeLoop;
using std::chrono::milliseconds;

TEST(AdaptiveRateLimiter, OpenUntilFirstThrottle) {
  FakeLoop loop;
  AdaptiveRateLimiter limiter({}, loop.clock().monotonic());
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.try_acquire(loop.clock().monotonic()));
  EXPECT_FALSE(limiter.enabled());
}

TEST(AdaptiveRateLimiter, ThrottleCutsToSeventyPercentOfMeasuredRate) {
  FakeLoop loop;
  auto& clock = loop.fake_clock();
  AdaptiveRateLimiter limiter({}, clock.monotonic());
  // 100 responses per second for 5 seconds: the measured rate converges on 100/s.
  for (int i = 0; i < 500; ++i) {
    clock.advance(milliseconds(10));
    limiter.on_response(clock.monotonic(), false);
  }
  EXPECT_NEAR(limiter.measured_rate(), 100.0, 1.0);
  limiter.on_response(clock.monotonic(), true);
  ASSERT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.fill_rate(), 70.0, 1.0);
  // The bucket starts empty: the next send waits 1/70 s.
  EXPECT_FALSE(limiter.try_acquire(clock.monotonic()));
  EXPECT_EQ(limiter.time_to_token(clock.monotonic()), milliseconds(15));
  clock.advance(milliseconds(15));
  EXPECT_TRUE(limiter.try_acquire(clock.monotonic()));
  EXPECT_FALSE(limiter.try_acquire(clock.monotonic()));
}

TEST(AdaptiveRateLimiter, OneDecreasePerCongestionEvent) {
  FakeLoop loop;
  auto& clock = loop.fake_clock();
  AdaptiveRateLimiter limiter({}, clock.monotonic());
  for (int i = 0; i < 500; ++i) {
    clock.advance(milliseconds(10));
    limiter.on_response(clock.monotonic(), false);
  }
  limiter.on_response(clock.monotonic(), true);
  double first_cut = limiter.fill_rate();
  // The other requests that were in flight come back throttled too: no further cut.
  for (int i = 0; i < 20; ++i) limiter.on_response(clock.monotonic(), true);
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), first_cut);
  // A throttle after the window is a new event.
  clock.advance(milliseconds(1500));
  limiter.on_response(clock.monotonic(), true);
  EXPECT_LT(limiter.fill_rate(), first_cut);
}

TEST(AdaptiveRateLimiter, SecondThrottleSetsTheRateToWhatStillSucceeded) {
  FakeLoop loop;
  auto& clock = loop.fake_clock();
  AdaptiveRateLimiter limiter({}, clock.monotonic());
  // 100 responses/s for 2 s, then the bucket is empty...
  for (int i = 0; i < 200; ++i) {
    clock.advance(milliseconds(10));
    limiter.on_response(clock.monotonic(), false);
  }
  limiter.on_response(clock.monotonic(), true);
  ASSERT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.fill_rate(), 70.0, 2.0);  // nothing delivered yet: the multiplicative cut
  // ...and refills at 5/s: one success every 200 ms among throttles.
  for (int step = 1; step <= 120; ++step) {
    clock.advance(milliseconds(10));
    limiter.on_response(clock.monotonic(), step % 20 != 0);
  }
  EXPECT_NEAR(limiter.delivered_rate(clock.monotonic()), 5.0, 0.5);
  // Not 70 × 0.7 × 0.7...: straight to what the bucket delivers.
  EXPECT_NEAR(limiter.fill_rate(), 5.0, 0.6);
}

TEST(RateLimiterRegistry, WaitersAreReleasedAtTheFillRateInOrder) {
  FakeLoop loop;
  auto& clock = loop.fake_clock();
  RateLimiterRegistry registry(loop);
  for (int i = 0; i < 100; ++i) {
    clock.advance(milliseconds(100));
    registry.on_response("k", false);
  }
  registry.on_response("k", true);  // measured ~10/s -> 7/s
  double rate = registry.find("k")->fill_rate();
  ASSERT_GT(rate, 5.0);
  std::vector<int> order;
  std::vector<std::chrono::steady_clock::time_point> at;
  for (int i = 0; i < 4; ++i) {
    registry.acquire("k", [&, i] {
      order.push_back(i);
      at.push_back(clock.monotonic());
    });
  }
  EXPECT_EQ(registry.waiting("k"), 4u);
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  ASSERT_EQ(at.size(), 4u);
  for (size_t i = 1; i < at.size(); ++i) {
    double gap_ms = std::chrono::duration<double, std::milli>(at[i] - at[i - 1]).count();
    EXPECT_NEAR(gap_ms, 1000.0 / rate, 2.0);
  }
}

TEST(AdaptiveRateLimiter, RecoversAfterThrottlesStop) {
  FakeLoop loop;
  auto& clock = loop.fake_clock();
  AdaptiveRateLimiter limiter({}, clock.monotonic());
  for (int i = 0; i < 200; ++i) {
    clock.advance(milliseconds(20));
    limiter.on_response(clock.monotonic(), false);
  }
  limiter.on_response(clock.monotonic(), true);
  double after_throttle = limiter.fill_rate();
  for (int i = 0; i < 400; ++i) {
    clock.advance(milliseconds(20));
    limiter.on_response(clock.monotonic(), false);
  }
  EXPECT_GT(limiter.fill_rate(), after_throttle * 1.3);
}

// A service allowing `rate` requests/s with a burst of `burst`: throttles when out of tokens.
struct SimulatedService {
  double rate;
  double burst;
  double tokens;
  double last = 0;
  bool admit(double now) {
    tokens = std::min(burst, tokens + (now - last) * rate);
    last = now;
    if (tokens < 1.0) return false;
    tokens -= 1.0;
    return true;
  }
};

struct SimulationResult {
  int ok = 0;
  int throttled = 0;
  double throttled_fraction() const { return ok + throttled == 0 ? 0.0 : double(throttled) / (ok + throttled); }
};

// 50 workers send back-to-back (each re-sends as soon as its previous request completes, 50 ms
// latency) for 120 virtual seconds; counts outcomes in the last 60 seconds.
SimulationResult simulate(bool limited) {
  FakeLoop loop;
  RateLimiterRegistry registry(loop);
  SimulatedService service{20.0, 100.0, 100.0};
  const auto start = loop.clock().monotonic();
  const std::string key = "acct/us-east-1/read";
  SimulationResult window;
  auto seconds = [&] { return std::chrono::duration<double>(loop.clock().monotonic() - start).count(); };
  std::function<void()> worker = [&] {
    auto send = [&] {
      loop.schedule_after(milliseconds(50), [&] {
        double now = seconds();
        bool ok = service.admit(now);
        if (limited) registry.on_response(key, !ok);
        if (now >= 60.0 && now < 120.0) ++(ok ? window.ok : window.throttled);
        if (now < 120.0) worker();
      });
    };
    if (limited) {
      registry.acquire(key, send);
    } else {
      loop.post(send);
    }
  };
  for (int i = 0; i < 50; ++i) worker();
  loop.run();
  return window;
}

TEST(RateLimiterRegistry, ConvergesOnWhatTheServiceAllows) {
  SimulationResult limited = simulate(true);
  double throughput = limited.ok / 60.0;
  EXPECT_GT(throughput, 18.0);
  EXPECT_LE(throughput, 20.0 + 100.0 / 60.0);  // the refill rate, plus at most the burst once
  EXPECT_LT(limited.throttled_fraction(), 0.05) << limited.ok << " ok, " << limited.throttled << " throttled";
  std::printf("adaptive limiter, steady state: %.2f ok/s, %.1f%% throttled\n", throughput,
              100.0 * limited.throttled_fraction());

  // Without the limiter the same clients are throttled almost all the time.
  SimulationResult unlimited = simulate(false);
  EXPECT_GT(unlimited.throttled_fraction(), 0.9);
  std::printf("no limiter, steady state: %.2f ok/s, %.1f%% throttled\n", unlimited.ok / 60.0,
              100.0 * unlimited.throttled_fraction());
}

// A job of `calls` requests against a token bucket (`burst`, `rate`/s) with `latency` per round
// trip, sent through the registry and retried on throttling as AwsClient does (RetryStrategy's
// delays, then the limiter again). Returns when the last call finished and how many gave up.
struct JobResult {
  double seconds = 0;
  int failed = 0;
  int throttled = 0;
  int max_attempts = 1;
};

JobResult run_job(int calls, double burst, double rate, milliseconds latency) {
  FakeLoop loop;
  RateLimiterRegistry registry(loop);
  std::mt19937_64 engine(7);
  RetryStrategy retry({}, [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(engine); });
  SimulatedService service{rate, burst, burst};
  const auto start = loop.clock().monotonic();
  auto seconds = [&] { return std::chrono::duration<double>(loop.clock().monotonic() - start).count(); };
  const std::string key = "acct/ec2/us-east-1/AssociateIamInstanceProfile";
  JobResult result;
  Error throttle = Error::service(ErrorKind::kAws, "RequestLimitExceeded", "Request limit exceeded.", 503);
  std::function<void(std::shared_ptr<RetryStrategy::CallState>, bool)> attempt = [&](auto state, bool is_retry) {
    registry.acquire(
        key,
        [&, state] {
          loop.schedule_after(latency / 2, [&, state] {
            bool ok = service.admit(seconds());
            loop.schedule_after(latency / 2, [&, state, ok] {
              registry.on_response(key, !ok);
              if (ok) {
                result.seconds = std::max(result.seconds, seconds());
                return;
              }
              ++result.throttled;
              const auto* bucket = registry.find(key);
              bool paced = bucket != nullptr && bucket->enabled();
              RetryDecision d = retry.on_failure(*state, throttle, paced);
              if (!d.retry) {
                ++result.failed;
                result.seconds = std::max(result.seconds, seconds());
                return;
              }
              result.max_attempts = std::max(result.max_attempts, state->attempts);
              loop.schedule_after(d.delay, [&, state, paced] { attempt(state, paced); });
            });
          });
        },
        is_retry);
  };
  for (int i = 0; i < calls; ++i) attempt(std::make_shared<RetryStrategy::CallState>(), false);
  loop.run();
  return result;
}

TEST(RateLimiterRegistry, BurstJobsFinishNearTheBucketMinimum) {
  struct Case {
    int calls;
    double burst, rate;
  };
  // EC2's mutating bucket (the apply benchmark's shape), its non-mutating one, and IAM-like.
  for (Case c : {Case{244, 200, 5}, Case{1200, 200, 5}, Case{1000, 100, 20}, Case{600, 20, 10}}) {
    JobResult r = run_job(c.calls, c.burst, c.rate, milliseconds(30));
    double minimum = (c.calls - c.burst) / c.rate;
    std::printf(
        "%d calls, bucket %.0f/%.0f per s: %.2f s (minimum %.2f s, %.3fx), %d throttled, %d failed, "
        "at most %d attempts\n",
        c.calls, c.burst, c.rate, r.seconds, minimum, r.seconds / minimum, r.throttled, r.failed, r.max_attempts);
    EXPECT_EQ(r.failed, 0);
    EXPECT_GE(r.seconds, minimum);
    EXPECT_LE(r.seconds, minimum * 1.1 + 0.5) << c.calls << " calls";
  }
}

TEST(RateLimiterRegistry, KeysAreIndependent) {
  FakeLoop loop;
  RateLimiterRegistry registry(loop);
  for (int i = 0; i < 50; ++i) {
    loop.fake_clock().advance(milliseconds(20));
    registry.acquire("a", [] {});
    registry.on_response("a", false);
  }
  registry.acquire("a", [] {});
  registry.on_response("a", true);
  ASSERT_NE(registry.find("a"), nullptr);
  EXPECT_TRUE(registry.find("a")->enabled());
  EXPECT_EQ(registry.find("b"), nullptr);
  int granted_b = 0;
  for (int i = 0; i < 10; ++i) registry.acquire("b", [&] { ++granted_b; });
  // "b" is not throttled: its grants are posted without virtual time passing.
  const auto before = loop.clock().monotonic();
  while (loop.step()) {
  }
  EXPECT_EQ(granted_b, 10);
  EXPECT_EQ(loop.clock().monotonic(), before);
  EXPECT_FALSE(registry.find("b")->enabled());
}

TEST(RateLimiterRegistry, CapsRequestsInFlightPerKey) {
  FakeLoop loop;
  RateLimiterRegistry registry(loop, {}, 4);
  int granted = 0;
  for (int i = 0; i < 10; ++i) registry.acquire("k", [&] { ++granted; });
  loop.run();
  EXPECT_EQ(granted, 4);
  EXPECT_EQ(registry.waiting("k"), 6u);
  registry.on_response("k", false);  // one answer frees one slot
  loop.run();
  EXPECT_EQ(granted, 5);
  registry.release("k");  // so does a request that got no response
  registry.release("k");
  loop.run();
  EXPECT_EQ(granted, 7);
  EXPECT_EQ(registry.waiting("k"), 3u);
}

}  // namespace
}  // namespace rolecall::aws
