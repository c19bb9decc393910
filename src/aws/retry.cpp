#include "aws/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "aws/protocol/errors.h"

namespace rolecall::aws {

Result<RetryOptions> RetryOptions::from_environment(const base::Env& env) {
  RetryOptions options;
  const auto raw = env.get("AWS_MAX_ATTEMPTS");
  if (!raw) return options;
  std::string_view text(*raw);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("AWS_MAX_ATTEMPTS must be a positive integer, got '{}'", text));
  }
  options.max_attempts = value;
  return options;
}

FailureClass classify_failure(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kNetwork: return FailureClass::kConnection;
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kCredentials:
    case ErrorKind::kAccessDenied:
    case ErrorKind::kNotFound:
    case ErrorKind::kIo:
    case ErrorKind::kInternal:
    case ErrorKind::kCancelled:
    case ErrorKind::kParse: return FailureClass::kNotRetryable;
    case ErrorKind::kThrottled: return FailureClass::kThrottling;
    case ErrorKind::kHttp:
    case ErrorKind::kAws: break;
  }
  if (!error.code.empty() && is_throttling_code(error.code)) return FailureClass::kThrottling;
  if (error.http_status == 429) return FailureClass::kThrottling;
  if (!error.code.empty() && is_transient_code(error.code)) return FailureClass::kTransient;
  switch (error.http_status) {
    case 500:
    case 502:
    case 503:
    case 504: return FailureClass::kTransient;
    default: return FailureClass::kNotRetryable;
  }
}

RetryStrategy::RetryStrategy(RetryOptions options, Random random)
    : options_(std::move(options)), random_(std::move(random)), quota_(options_.quota_capacity) {
  options_.max_attempts = std::max(1, options_.max_attempts);
  if (!random_) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    random_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
  }
}

RetryDecision RetryStrategy::on_failure(CallState& state, const Error& error, bool paced) {
  return on_failure(state, classify_failure(error), paced);
}

RetryDecision RetryStrategy::on_failure(CallState& state, FailureClass cls, bool paced) {
  if (cls == FailureClass::kNotRetryable) return {false, {}, "not retryable"};
  bool throttled = cls == FailureClass::kThrottling;
  int limit = throttled ? std::max(options_.max_attempts, options_.throttling_max_attempts) : options_.max_attempts;
  if (state.attempts >= limit) {
    return {false, {}, fmt::format("gave up after {} attempts", state.attempts)};
  }
  int cost = throttled ? 0 : cls == FailureClass::kConnection ? options_.timeout_retry_cost : options_.retry_cost;
  if (cost > quota_) return {false, {}, "retry quota exhausted"};
  quota_ -= cost;
  state.last_cost = cost;

  // Full jitter: uniform in [0, min(max_backoff, base * 2^(retry-1))).
  auto base = cls == FailureClass::kThrottling ? options_.throttling_base_delay : options_.base_delay;
  double ceiling_ms = static_cast<double>(base.count()) * std::ldexp(1.0, state.attempts - 1);
  auto cap =
      throttled && paced ? std::min(options_.paced_throttling_max_backoff, options_.max_backoff) : options_.max_backoff;
  ceiling_ms = std::min(ceiling_ms, static_cast<double>(cap.count()));
  double r = std::clamp(random_(), 0.0, 1.0);
  ++state.attempts;
  return {true, std::chrono::milliseconds(static_cast<long long>(r * ceiling_ms)), {}};
}

void RetryStrategy::on_success(const CallState& state) {
  quota_ += state.last_cost > 0 ? state.last_cost : options_.no_retry_increment;
  quota_ = std::min(quota_, options_.quota_capacity);
}

}  // namespace rolecall::aws
