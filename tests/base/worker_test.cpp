// Worker: every queued task runs exactly once, on the pool's threads, and destruction waits for
// the queue; with several threads, tasks do run side by side.
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "base/worker.h"

namespace rolecall::base {
namespace {

TEST(Worker, RunsEveryQueuedTaskOnceBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    Worker worker(3);
    for (int i = 0; i < 500; ++i) worker.submit([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 500);
}

TEST(Worker, SeveralThreadsRunTasksAtTheSameTime) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  {
    Worker worker(2);
    for (int i = 0; i < 2; ++i) {
      worker.submit([&] {
        int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        // Each task waits (bounded) for the other to start: only possible side by side.
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (most.load() < 2 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
        --running;
      });
    }
  }
  EXPECT_EQ(most.load(), 2);
}

TEST(Worker, ZeroThreadsMeansOne) {
  std::atomic<bool> ran{false};
  {
    Worker worker(0);
    worker.submit([&] { ran = true; });
  }
  EXPECT_TRUE(ran.load());
}

}  // namespace
}  // namespace rolecall::base
