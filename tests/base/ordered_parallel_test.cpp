// produce_in_order: items produced on several threads are consumed exactly once, in index order,
// with at most threads + 1 produced ahead of consumption.
#include "base/ordered_parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

namespace rolecall::base {
namespace {

TEST(ProduceInOrder, ConsumesEveryItemOnceInOrder) {
  for (unsigned threads : {0u, 1u, 2u, 4u}) {
    std::vector<std::size_t> consumed;
    produce_in_order<std::string>(
        200, threads, [](std::size_t i, std::string& slot) { slot = std::to_string(i); },
        [&](std::size_t i, std::string& slot) {
          EXPECT_EQ(slot, std::to_string(i));
          consumed.push_back(i);
        });
    ASSERT_EQ(consumed.size(), 200u) << threads;
    for (std::size_t i = 0; i < consumed.size(); ++i) ASSERT_EQ(consumed[i], i) << threads;
  }
}

TEST(ProduceInOrder, ProducesAtMostAWindowAhead) {
  constexpr unsigned kThreads = 3;
  std::atomic<std::size_t> produced{0};
  std::size_t worst_lead = 0;
  produce_in_order<int>(
      100, kThreads, [&](std::size_t, int&) { ++produced; },
      [&](std::size_t i, int&) { worst_lead = std::max(worst_lead, produced.load() - i); });
  EXPECT_LE(worst_lead, kThreads + 1);
}

TEST(ProduceInOrder, NoItemsNoCalls) {
  int calls = 0;
  produce_in_order<int>(
      0, 4, [&](std::size_t, int&) { ++calls; }, [&](std::size_t, int&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace rolecall::base
