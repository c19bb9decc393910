#pragma once
// Client-side adaptive rate limiting (the SDKs' "adaptive" retry mode idea, tuned for token
// buckets): a token bucket per API bucket that stays open until the service first throttles.
// AWS throttles with token buckets, and once a bucket is empty the rate at which requests still
// succeed *is* its refill rate; so after a throttle the limiter sends at the delivered (successful)
// rate it measured since the bucket ran dry, then probes upwards on a CUBIC curve until the next
// throttle. A run therefore settles at what the service allows within a second or two instead of
// shrinking geometrically from its burst rate, and spends few retries on the way.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "aws/event_loop.h"

namespace rolecall::aws {

// Measurement and growth constants.
struct AdaptiveRateOptions {
  double beta = 0.7;                                // decrease when no delivered rate has been measured yet
  double scale_constant = 0.4;                      // CUBIC C: growth (requests/s per s^3) after a decrease
  double smoothing = 0.8;                           // weight of the newest sample in the measured response rate
  double min_fill_rate = 0.5;                       // requests/s floor
  double min_capacity = 1.0;                        // bucket size floor
  std::chrono::milliseconds measure_interval{500};  // response-rate sampling period
  // Throttles within this long after a decrease are the same congestion event (responses to
  // requests sent before the cut): one decrease per event, as TCP does once per round trip.
  std::chrono::milliseconds throttle_window{500};
  // The delivered rate is measured over at most this much of the current throttling episode.
  std::chrono::milliseconds delivery_window{5000};
  // A throttle this long after the previous one starts a new episode (the bucket may have refilled).
  std::chrono::milliseconds episode_gap{5000};
};
// One adaptive token bucket. Times are monotonic; not thread-safe.
class AdaptiveRateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  AdaptiveRateLimiter(AdaptiveRateOptions options, TimePoint now);

  // Takes one token at `now` when there is one (always while not enabled).
  bool try_acquire(TimePoint now);
  // How long until a token will be available at the current rate (at least 1 ms).
  std::chrono::milliseconds time_to_token(TimePoint now);
  // Feeds back one response: `throttled` when the service said slow down.
  void on_response(TimePoint now, bool throttled);

  // Whether limiting is active (after the first throttle).
  bool enabled() const { return enabled_; }
  // Current allowed rate in requests/s (meaningful when enabled).
  double fill_rate() const { return fill_rate_; }
  // Smoothed rate of responses observed, in requests/s.
  double measured_rate() const { return measured_rate_; }
  // Successful responses per second since the current throttling episode began (0 before any).
  double delivered_rate(TimePoint now) const;

 private:
  double seconds_since_origin(TimePoint t) const;
  void refill(double now);
  void measure(double now);
  void set_rate(double now, double rate);
  double delivered_rate_at(double now) const;
  double delivery_start(double now) const;  // where the delivered rate is measured from
  std::size_t successes_after(double from) const;

  AdaptiveRateOptions options_;
  TimePoint origin_;
  bool enabled_ = false;
  double fill_rate_ = 0;
  double max_capacity_ = 0;
  double capacity_ = 0;
  double last_refill_ = 0;
  double measured_rate_ = 0;
  double last_sample_ = 0;  // start of the current sampling interval
  int sample_count_ = 0;
  double last_max_rate_ = 0;  // rate at the last throttle
  double last_throttle_ = 0;
  double episode_start_ = 0;      // first throttle of the current episode
  std::deque<double> successes_;  // times of successful responses within the delivery window
};

// Admission control per key (account + service + region + API class) on an EventLoop: an
// adaptive bucket for the rate, and a cap on requests in flight so that a burst of calls waits
// here, where the bucket can still pace it, rather than in the transport's queue where it no
// longer could. Use from the loop thread only. Every grant must be answered by exactly one
// on_response() or release().
class RateLimiterRegistry {
 public:
  // `max_in_flight` caps granted-but-unanswered requests per key (at least 1).
  explicit RateLimiterRegistry(EventLoop& loop, AdaptiveRateOptions options = {}, int max_in_flight = 16);

  // Runs `go` on the loop once `key` has a free in-flight slot and a token: posted at once
  // when it does, else queued (first come, first served; `retry`: ahead of first attempts, since
  // a throttled call has waited longest).
  void acquire(const std::string& key, std::function<void()> go, bool retry = false);
  // Answers a grant for `key` with the service's response (`throttled`: it said slow down).
  void on_response(const std::string& key, bool throttled);
  // Answers a grant for `key` that got no response (network error, request never sent).
  void release(const std::string& key);
  // The bucket for `key`, or nullptr when none was used yet.
  const AdaptiveRateLimiter* find(const std::string& key) const;
  // Requests waiting for a token under `key`.
  size_t waiting(const std::string& key) const;

 private:
  struct Entry {
    explicit Entry(AdaptiveRateLimiter l) : limiter(l) {}
    AdaptiveRateLimiter limiter;
    std::deque<std::function<void()>> waiters;
    std::size_t retries_queued = 0;  // retries at the front of `waiters`, in arrival order
    bool pump_scheduled = false;
    std::chrono::steady_clock::time_point pump_due;
    unsigned long pump_generation = 0;
    int in_flight = 0;
  };

  Entry& entry(const std::string& key);
  void pump(Entry& e);
  void finish_one(Entry& e);
  void schedule_pump(Entry& e);

  EventLoop& loop_;
  AdaptiveRateOptions options_;
  int max_in_flight_;
  std::map<std::string, Entry> entries_;  // node-based: Entry addresses stay valid
};

}  // namespace rolecall::aws
