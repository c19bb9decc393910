// parallel_for: every index exactly once, on at most the asked-for threads, the caller's among them.
#include "base/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace rolecall::base {
namespace {

TEST(ParallelFor, CallsEveryIndexOnce) {
  for (unsigned threads : {0u, 1u, 3u, 16u}) {
    std::vector<std::atomic<int>> calls(1000);
    parallel_for(calls.size(), threads, [&](std::size_t i, unsigned) { ++calls[i]; });
    for (const auto& c : calls) ASSERT_EQ(c.load(), 1) << threads << " threads";
  }
}

TEST(ParallelFor, NothingToDoCallsNothing) {
  bool called = false;
  parallel_for(0, 4, [&](std::size_t, unsigned) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, ThreadIndexesAreBelowTheThreadsUsed) {
  // Five items on eight threads: five threads at most, each with its own index.
  std::mutex mu;
  std::set<unsigned> seen;
  parallel_for(5, 8, [&](std::size_t, unsigned thread) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard lock(mu);
    seen.insert(thread);
  });
  ASSERT_FALSE(seen.empty());
  EXPECT_LT(*seen.rbegin(), 5u);
}

TEST(ParallelFor, OneThreadRunsOnTheCallerInOrder) {
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  parallel_for(4, 1, [&](std::size_t i, unsigned thread) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(thread, 0u);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(ParallelFor, ASlowItemHoldsUpOnlyItsThread) {
  // Item 0 blocks until every other item is done: with two threads the rest must go around it.
  std::atomic<int> done{0};
  parallel_for(50, 2, [&](std::size_t i, unsigned) {
    if (i == 0) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (done.load() < 49 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    } else {
      ++done;
    }
  });
  EXPECT_EQ(done.load(), 49);
}

}  // namespace
}  // namespace rolecall::base
