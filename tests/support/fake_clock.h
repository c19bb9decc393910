#pragma once
// Virtual time for tests: the one FakeClock (used by FakeLoop, FakeEnv and the AWS-layer tests).

#include <chrono>

#include "base/clock.h"

namespace rolecall::testing {

// A clock that moves only when told. Wall and monotonic time advance together unless the wall
// clock is set on its own (to simulate skew).
class FakeClock final : public base::Clock {
 public:
  // Starts at 2024-01-01T00:00:00Z (wall) and an arbitrary monotonic origin.
  FakeClock() : wall_(std::chrono::sys_days{std::chrono::year{2024} / 1 / 1}) {}
  // Starts at wall time `wall`.
  explicit FakeClock(std::chrono::system_clock::time_point wall) : wall_(wall) {}

  std::chrono::system_clock::time_point now() const override { return wall_; }
  std::chrono::steady_clock::time_point monotonic() const override { return mono_; }

  // Moves both clocks forward by `d`.
  void advance(std::chrono::steady_clock::duration d) {
    mono_ += d;
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  }
  // Sets the wall clock only (monotonic time is unaffected).
  void set_now(std::chrono::system_clock::time_point t) { wall_ = t; }
  // Moves monotonic time to `t` if it is later (wall time follows by the same amount).
  void advance_to(std::chrono::steady_clock::time_point t) {
    if (t > mono_) advance(t - mono_);
  }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point mono_{std::chrono::hours(1000)};
};

}  // namespace rolecall::testing
