#include "aws/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace rolecall::aws {
namespace {

// Successes needed in an episode before their rate is trusted as the service's refill rate.
constexpr std::size_t kMinDeliveredSamples = 3;

}  // namespace

AdaptiveRateLimiter::AdaptiveRateLimiter(AdaptiveRateOptions options, TimePoint now)
    : options_(options), origin_(now) {}

double AdaptiveRateLimiter::seconds_since_origin(TimePoint t) const {
  return std::chrono::duration<double>(t - origin_).count();
}

void AdaptiveRateLimiter::refill(double now) {
  if (now > last_refill_) {
    capacity_ = std::min(max_capacity_, capacity_ + (now - last_refill_) * fill_rate_);
    last_refill_ = now;
  }
}

bool AdaptiveRateLimiter::try_acquire(TimePoint t) {
  if (!enabled_) return true;
  refill(seconds_since_origin(t));
  if (capacity_ < 1.0) return false;
  capacity_ -= 1.0;
  return true;
}

std::chrono::milliseconds AdaptiveRateLimiter::time_to_token(TimePoint t) {
  if (!enabled_) return std::chrono::milliseconds(1);
  refill(seconds_since_origin(t));
  double seconds = std::max(0.0, (1.0 - capacity_) / fill_rate_);
  // Round up: waking early would find the token not yet there.
  return std::chrono::milliseconds(std::max(1LL, static_cast<long long>(std::ceil(seconds * 1000.0))));
}

void AdaptiveRateLimiter::measure(double now) {
  ++sample_count_;
  double interval = std::chrono::duration<double>(options_.measure_interval).count();
  double bucket_start = std::floor(now / interval) * interval;
  if (bucket_start > last_sample_) {
    double current = sample_count_ / (bucket_start - last_sample_);
    measured_rate_ = current * options_.smoothing + measured_rate_ * (1.0 - options_.smoothing);
    sample_count_ = 0;
    last_sample_ = bucket_start;
  }
}

void AdaptiveRateLimiter::set_rate(double now, double rate) {
  refill(now);
  fill_rate_ = std::max(rate, options_.min_fill_rate);
  max_capacity_ = std::max(rate, options_.min_capacity);
  capacity_ = std::min(capacity_, max_capacity_);
}

double AdaptiveRateLimiter::delivery_start(double now) const {
  return std::max(episode_start_, now - std::chrono::duration<double>(options_.delivery_window).count());
}

std::size_t AdaptiveRateLimiter::successes_after(double from) const {
  return static_cast<std::size_t>(successes_.end() - std::upper_bound(successes_.begin(), successes_.end(), from));
}

double AdaptiveRateLimiter::delivered_rate_at(double now) const {
  if (!enabled_) return 0;
  double from = delivery_start(now);
  if (now <= from) return 0;
  return static_cast<double>(successes_after(from)) / (now - from);
}

double AdaptiveRateLimiter::delivered_rate(TimePoint now) const { return delivered_rate_at(seconds_since_origin(now)); }

void AdaptiveRateLimiter::on_response(TimePoint t, bool throttled) {
  double now = seconds_since_origin(t);
  measure(now);
  if (!throttled) successes_.push_back(now);
  double horizon = now - std::chrono::duration<double>(options_.delivery_window).count();
  while (!successes_.empty() && successes_.front() < horizon) successes_.pop_front();

  double target = 0;
  if (throttled && enabled_ && now - last_throttle_ < std::chrono::duration<double>(options_.throttle_window).count()) {
    return;  // same congestion event as the last decrease
  }
  if (throttled) {
    bool new_episode = !enabled_ || now - last_throttle_ >= std::chrono::duration<double>(options_.episode_gap).count();
    double base = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    target = base * options_.beta;
    if (!enabled_) {
      enabled_ = true;
      last_refill_ = now;
      capacity_ = 0;
    }
    if (new_episode) {
      episode_start_ = now;
    } else {
      // The bucket has been empty since the episode began: what still succeeded since then is
      // its refill rate. Too few successes to measure fall back to the multiplicative cut.
      if (successes_after(delivery_start(now)) >= kMinDeliveredSamples) {
        target = std::min(fill_rate_, delivered_rate_at(now));
      }
    }
    last_max_rate_ = target;
    last_throttle_ = now;
  } else {
    // CUBIC growth from the rate set at the last decrease: W(t) = C t^3 + W_0.
    double t_since = now - last_throttle_;
    target = options_.scale_constant * t_since * t_since * t_since + last_max_rate_;
  }
  // Never allow more than twice what is actually being sent: an idle client must not bank a
  // rate it never proved.
  double rate = std::min(target, 2.0 * measured_rate_);
  if (enabled_) set_rate(now, rate);
}

RateLimiterRegistry::RateLimiterRegistry(EventLoop& loop, AdaptiveRateOptions options, int max_in_flight)
    : loop_(loop), options_(options), max_in_flight_(std::max(1, max_in_flight)) {}

RateLimiterRegistry::Entry& RateLimiterRegistry::entry(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    it = entries_.emplace(key, Entry(AdaptiveRateLimiter(options_, loop_.clock().monotonic()))).first;
  }
  return it->second;
}

void RateLimiterRegistry::acquire(const std::string& key, std::function<void()> go, bool retry) {
  Entry& e = entry(key);
  if (retry) {
    // Behind earlier retries, ahead of every first attempt.
    e.waiters.insert(e.waiters.begin() + static_cast<std::ptrdiff_t>(e.retries_queued), std::move(go));
    ++e.retries_queued;
  } else {
    e.waiters.push_back(std::move(go));
  }
  pump(e);
}

void RateLimiterRegistry::pump(Entry& e) {
  // The slot check comes first so that a token is only taken for a request that can go.
  while (!e.waiters.empty() && e.in_flight < max_in_flight_ && e.limiter.try_acquire(loop_.clock().monotonic())) {
    ++e.in_flight;
    loop_.post(std::move(e.waiters.front()));
    e.waiters.pop_front();
    if (e.retries_queued > 0) --e.retries_queued;
  }
  // Out of tokens: wake when the bucket refills. Out of slots: the next answer pumps.
  if (!e.waiters.empty() && e.in_flight < max_in_flight_) schedule_pump(e);
}

void RateLimiterRegistry::schedule_pump(Entry& e) {
  auto now = loop_.clock().monotonic();
  auto wait = e.limiter.time_to_token(now);
  // Keep an earlier pump; a later or missing one is replaced (the rate may have gone up).
  if (e.pump_scheduled && e.pump_due <= now + wait) return;
  e.pump_scheduled = true;
  e.pump_due = now + wait;
  unsigned long generation = ++e.pump_generation;
  loop_.schedule_after(wait, [this, &e, generation] {
    if (generation != e.pump_generation) return;  // superseded by an earlier pump
    e.pump_scheduled = false;
    pump(e);
  });
}

void RateLimiterRegistry::finish_one(Entry& e) {
  if (e.in_flight > 0) --e.in_flight;
  pump(e);
}

void RateLimiterRegistry::on_response(const std::string& key, bool throttled) {
  Entry& e = entry(key);
  e.limiter.on_response(loop_.clock().monotonic(), throttled);
  finish_one(e);
}

void RateLimiterRegistry::release(const std::string& key) { finish_one(entry(key)); }

const AdaptiveRateLimiter* RateLimiterRegistry::find(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second.limiter;
}

size_t RateLimiterRegistry::waiting(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.waiters.size();
}

}  // namespace rolecall::aws
