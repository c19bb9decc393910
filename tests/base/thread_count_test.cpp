#include "base/thread_count.h"

#include <gtest/gtest.h>

#include <thread>

namespace rolecall::base {
namespace {

TEST(DefaultThreadCount, AtLeastOneAtMostTheCap) {
  EXPECT_GE(default_thread_count(), 1u);
  EXPECT_EQ(default_thread_count(1), 1u);
  EXPECT_LE(default_thread_count(4), 4u);
  EXPECT_GE(default_thread_count(4), 1u);
  EXPECT_EQ(default_thread_count(0), 1u);  // a cap of 0 still leaves one thread
  const unsigned cores = std::thread::hardware_concurrency();
  if (cores > 0) {
    EXPECT_EQ(default_thread_count(), cores);
  }
}

}  // namespace
}  // namespace rolecall::base
