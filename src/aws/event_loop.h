#pragma once
// The single-threaded event loop every asynchronous AWS call runs on.

#include <chrono>
#include <functional>

#include "base/clock.h"

namespace rolecall::aws {

// A single-threaded loop: callbacks and timers run on the thread that calls run().
class EventLoop {
 public:
  virtual ~EventLoop() = default;
  // Runs `fn` on the loop thread soon; safe to call from any thread.
  virtual void post(std::function<void()> fn) = 0;
  // Runs `fn` on the loop thread once `delay` has passed on clock().monotonic().
  virtual void schedule_after(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
  // Runs until no callbacks, timers, requests or offloaded work are pending.
  virtual void run() = 0;
  // Runs `work` off the loop thread where the loop has a worker (CPU-heavy and self-contained:
  // it must touch nothing the loop thread uses), then `then` on the loop thread. Without a
  // worker (the default, and test loops) `work` runs at once and `then` is posted.
  virtual void offload(std::function<void()> work, std::function<void()> then) {
    work();
    post(std::move(then));
  }
  // The clock this loop's timers follow.
  virtual const base::Clock& clock() const = 0;
};

}  // namespace rolecall::aws
