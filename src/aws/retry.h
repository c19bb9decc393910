#pragma once
// The AWS SDKs' "standard" retry mode: which failures to retry, how long to wait, and the
// client-wide retry quota that stops retry storms during an outage.

#include <chrono>
#include <functional>
#include <string>

#include "base/env.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// Standard-mode parameters; the defaults are the SDKs' (3 attempts, 500-token quota, retry cost
// 5, timeout cost 10, 1 token back per first-try success, backoff capped at 20 s).
struct RetryOptions {
  int max_attempts = 3;                                  // first try included
  std::chrono::milliseconds base_delay{100};             // backoff base for transient errors
  std::chrono::milliseconds throttling_base_delay{500};  // backoff base for throttling errors
  std::chrono::milliseconds max_backoff{20'000};
  int quota_capacity = 500;
  int retry_cost = 5;           // tokens a retry takes
  int timeout_retry_cost = 10;  // tokens a retry after a connection error or timeout takes
  int no_retry_increment = 1;   // tokens returned by a call that succeeded on its first try
  // Throttling is paced by the adaptive rate limiter, not stopped by the quota: a throttled call
  // is retried up to this many attempts (at least max_attempts) and takes no quota, so a scan
  // that outruns a token bucket slows down instead of turning its excess calls into errors.
  int throttling_max_attempts = 10;
  // Backoff cap for a throttled call whose bucket a client-side rate limiter already paces: the
  // limiter decides when it goes, so a long sleep would only leave the service's tokens unused.
  std::chrono::milliseconds paced_throttling_max_backoff{1000};

  // Defaults, with max_attempts from AWS_MAX_ATTEMPTS when set; fails with kInvalidArgument
  // naming the variable when it is not a positive integer.
  static Result<RetryOptions> from_environment(const base::Env& env);
};

// How a failed attempt is treated.
enum class FailureClass {
  kNotRetryable,  // client errors, access denied, credentials, cancelled, ...
  kTransient,     // 500/502/503/504 and transient AWS codes
  kThrottling,    // throttling codes and HTTP 429
  kConnection,    // no response at all: refused, reset, timed out (costs more quota)
};

// Classifies `error` using the protocol layer's code lists and the HTTP status.
FailureClass classify_failure(const Error& error);

// Outcome of asking whether to retry.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};  // wait before the next attempt when retrying
  std::string reason;                  // why not, when not: for the final error message
};

// Standard retry mode for one client. Not thread-safe: use it from the event loop thread.
class RetryStrategy {
 public:
  // Uniform random numbers in [0, 1) for jitter; injected so tests are deterministic.
  using Random = std::function<double()>;

  // Per-call state: which attempt this is and what the last retry cost.
  struct CallState {
    int attempts = 1;   // attempts made so far, the current one included
    int last_cost = 0;  // quota taken for the latest retry (0: none yet)
  };

  // `random` defaults to a per-strategy Mersenne Twister seeded from std::random_device.
  explicit RetryStrategy(RetryOptions options = {}, Random random = {});

  // After attempt `state.attempts` failed with `error`: retry (taking quota and advancing
  // `state`) with a full-jitter exponential delay, or give up with a reason. `paced`: a rate
  // limiter paces this call's bucket, so a throttling delay is capped at paced_throttling_max_backoff.
  RetryDecision on_failure(CallState& state, const Error& error, bool paced = false);
  // The same for a failure already classified (callers with a rule of their own on top).
  RetryDecision on_failure(CallState& state, FailureClass failure, bool paced = false);
  // The call succeeded: return quota (the last retry's cost, or the first-try refund).
  void on_success(const CallState& state);

  // Tokens left in the retry quota.
  int available_quota() const { return quota_; }
  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  Random random_;
  int quota_;
};

}  // namespace rolecall::aws
