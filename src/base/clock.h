#pragma once
// Time, injected: wall time for signatures, expiry and time stamps; monotonic time for timers.

#include <chrono>

namespace rolecall::base {

// Time source, injected so tests never sleep and signing can be pinned to a test vector's time.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (for signatures, credential expiry and time stamps).
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time (for timers, backoff, rate limiting and durations).
  virtual std::chrono::steady_clock::time_point monotonic() const = 0;
};

// The real clock (defined in env.cpp, the one place that reads the process's time).
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override;
  std::chrono::steady_clock::time_point monotonic() const override;
};

}  // namespace rolecall::base
