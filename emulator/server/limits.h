#pragma once
// Request throttling (token buckets) and fault draws for the emulator's limits/faults options.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "emulator/services/service.h"

namespace rolecall::emulator {

// A token bucket's shape: capacity and refill per second.
struct BucketSpec {
  double capacity = 100;
  double refill_per_second = 20;
};

// The bucket for one call. EC2 follows "Request throttling for the Amazon EC2 API": per account,
// region and action; mutating 200/5, non-mutating 100/20, unfiltered and unpaginated
// DescribeInstances 50/10. IAM (per account) 20/10, STS (per account and region) 100/50,
// Organizations (per account) 20/10 are the emulator's own choices; Security Hub (per account,
// region and operation) BatchImportFindings 30/10 as documented, GetFindings 6/3; CloudTrail (per
// account and region) LookupEvents 2/2, its documented 2 requests per second.
BucketSpec bucket_for(Service service, bool mutating, bool unfiltered_unpaginated);

// Thread-safe token buckets keyed by a caller-chosen string.
class RateLimiter {
 public:
  // Takes one token from bucket `key` (created full); false when it is empty.
  bool try_take(const std::string& key, const BucketSpec& spec, TimePoint now);
  // Forgets every bucket (reset).
  void clear();

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint last{};
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// The throttling error each service answers with.
ApiError throttling_error(Service service);

// What fault (if any) request number `seq` suffers: a pure function of the spec's seed and `seq`.
enum class Fault { kNone, kInternal, kUnavailable, kReset, kTruncate, kSlow };
Fault draw_fault(const FaultSpec& spec, std::uint64_t seq);

// Added latency for request `seq` in milliseconds (deterministic per seed and seq).
double draw_latency_ms(const LatencySpec& spec, std::uint64_t seed, std::uint64_t seq);

// 64-bit mixing function (splitmix64 finalizer).
std::uint64_t mix64(std::uint64_t x);

}  // namespace rolecall::emulator
