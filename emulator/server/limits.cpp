#include "emulator/server/limits.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace rolecall::emulator {
namespace {

double unit(std::uint64_t x) { return static_cast<double>(mix64(x) >> 11) / 9007199254740992.0; }

Result<double> parse_limit_number(std::string_view text, std::string_view what) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("{}: '{}' is not a number", what, text));
  }
  return v;
}

}  // namespace

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

BucketSpec bucket_for(Service service, bool mutating, bool unfiltered_unpaginated) {
  switch (service) {
    case Service::kEc2:
      if (mutating) return {200, 5};
      return unfiltered_unpaginated ? BucketSpec{50, 10} : BucketSpec{100, 20};
    case Service::kIam: return {20, 10};
    case Service::kSts: return {100, 50};
    case Service::kOrganizations: return {20, 10};
    case Service::kAutoScaling: return mutating ? BucketSpec{20, 2} : BucketSpec{40, 20};
    // Security Hub (per account and region, per operation): BatchImportFindings 10/s with a burst
    // of 30 (the partner guide's BatchImportFindings guidelines); GetFindings 3/s, burst 6.
    case Service::kSecurityHub: return mutating ? BucketSpec{30, 10} : BucketSpec{6, 3};
    // CloudTrail LookupEvents: 2 requests per second per account and region (its documented quota).
    case Service::kCloudTrail: return {2, 2};
    // S3: 5,500 GET requests per second per prefix.
    case Service::kS3: return {5500, 5500};
    // SQS: nearly unlimited API calls per second for standard queues.
    case Service::kSqs: return {3000, 3000};
  }
  return {};
}

bool RateLimiter::try_take(const std::string& key, const BucketSpec& spec, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = spec.capacity;
    b.last = now;
  } else if (now > b.last) {
    double seconds = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(spec.capacity, b.tokens + seconds * spec.refill_per_second);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void RateLimiter::clear() {
  std::lock_guard lock(mutex_);
  buckets_.clear();
}

ApiError throttling_error(Service service) {
  switch (service) {
    case Service::kEc2: return {503, "RequestLimitExceeded", "Request limit exceeded.", false};
    case Service::kOrganizations:
      return {400, "TooManyRequestsException", "You have sent too many requests in too short a period of time.", true};
    case Service::kSecurityHub: return {429, "LimitExceededException", "Rate exceeded", true};
    case Service::kCloudTrail: return {400, "ThrottlingException", "Rate exceeded", true};
    case Service::kS3: return {503, "SlowDown", "Please reduce your request rate.", false};
    case Service::kSqs: return {400, "RequestThrottled", "Rate exceeded", true};
    default: return {400, "Throttling", "Rate exceeded", true};
  }
}

Fault draw_fault(const FaultSpec& spec, std::uint64_t seq) {
  if (!spec.any()) return Fault::kNone;
  double u = unit(spec.seed * 0x100000001b3ULL ^ seq);
  const std::pair<double, Fault> table[] = {{spec.internal, Fault::kInternal},
                                            {spec.unavailable, Fault::kUnavailable},
                                            {spec.reset, Fault::kReset},
                                            {spec.truncate, Fault::kTruncate},
                                            {spec.slow, Fault::kSlow}};
  double acc = 0;
  for (const auto& [p, fault] : table) {
    acc += p;
    if (u < acc) return fault;
  }
  return Fault::kNone;
}

double draw_latency_ms(const LatencySpec& spec, std::uint64_t seed, std::uint64_t seq) {
  if (spec.mean_ms <= 0 && spec.jitter_ms <= 0) return 0;
  double u = unit(seed * 0x9e3779b97f4a7c15ULL + seq * 2 + 1);
  return std::max(0.0, spec.mean_ms + (u * 2 - 1) * spec.jitter_ms);
}

Result<LatencySpec> parse_latency_spec(const std::string& text) {
  LatencySpec spec;
  auto colon = text.find(':');
  auto mean = parse_limit_number(std::string_view(text).substr(0, colon), "--latency-ms mean");
  if (!mean) return fail(mean.error());
  spec.mean_ms = *mean;
  if (colon != std::string::npos) {
    auto jitter = parse_limit_number(std::string_view(text).substr(colon + 1), "--latency-ms jitter");
    if (!jitter) return fail(jitter.error());
    spec.jitter_ms = *jitter;
  }
  if (spec.mean_ms < 0 || spec.jitter_ms < 0 || spec.mean_ms > 60000 || spec.jitter_ms > 60000) {
    return fail(ErrorKind::kInvalidArgument, "--latency-ms: values must be between 0 and 60000 ms");
  }
  return spec;
}

Result<FaultSpec> parse_fault_spec(const std::string& text) {
  FaultSpec spec;
  std::string_view rest = text;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("--faults: '{}' is not key=value", item));
    }
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "seed" || key == "slow_ms") {
      std::uint64_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
          (key == "slow_ms" && n > 600000)) {
        return fail(ErrorKind::kInvalidArgument, fmt::format("--faults: bad {} '{}'", key, value));
      }
      if (key == "seed")
        spec.seed = n;
      else
        spec.slow_ms = static_cast<int>(n);
      continue;
    }
    auto p = parse_limit_number(value, fmt::format("--faults {}", key));
    if (!p) return fail(p.error());
    if (*p < 0 || *p > 1) return fail(ErrorKind::kInvalidArgument, fmt::format("--faults: {} must be in [0, 1]", key));
    if (key == "internal")
      spec.internal = *p;
    else if (key == "unavailable")
      spec.unavailable = *p;
    else if (key == "reset")
      spec.reset = *p;
    else if (key == "truncate")
      spec.truncate = *p;
    else if (key == "slow")
      spec.slow = *p;
    else
      return fail(ErrorKind::kInvalidArgument, fmt::format("--faults: unknown key '{}'", key));
  }
  if (spec.internal + spec.unavailable + spec.reset + spec.truncate + spec.slow > 1.0 + 1e-9) {
    return fail(ErrorKind::kInvalidArgument, "--faults: probabilities add up to more than 1");
  }
  return spec;
}

}  // namespace rolecall::emulator
