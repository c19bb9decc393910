#include "base/sync.h"

#include <gtest/gtest.h>

#include "support/fake_aws.h"

namespace rolecall::base {
namespace {

using rolecall::testing::FakeLoop;

TEST(RunSync, ReturnsTheOutcomeAfterTimers) {
  FakeLoop loop;
  auto r = run_sync<int>(loop, [&](std::function<void(Result<int>)> done) {
    loop.schedule_after(std::chrono::seconds(5), [done] { done(42); });
  });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 42);
}

TEST(RunSync, PassesErrorsThrough) {
  FakeLoop loop;
  auto r = run_sync<int>(loop, [&](std::function<void(Result<int>)> done) {
    loop.post([done] { done(fail(ErrorKind::kNotFound, "nope")); });
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
}

TEST(RunSync, BrokenCallbackChainIsAnErrorNotAHang) {
  FakeLoop loop;
  auto r = run_sync<int>(loop, [](std::function<void(Result<int>)>) {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace rolecall::base
