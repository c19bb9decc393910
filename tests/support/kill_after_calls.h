#pragma once
// Crash injection for tests, outside production code: an AwsCaller decorator that ends the
// process the way `kill -9` would, right after a mutating call's response arrived and before the
// code that made the call (and journals its outcome) hears of it: the hardest crash point.

#include <unistd.h>

#include <atomic>
#include <utility>

#include "aws/client.h"

namespace rolecall::testing {

// How many mutating calls may return before the process dies; shared by every decorated caller,
// since a crash does not care which account a call went to.
class CallBudget {
 public:
  explicit CallBudget(long calls) : left_(calls) {}
  // Counts one returned call; true when it was the last one allowed.
  bool spend() { return --left_ == 0; }

 private:
  std::atomic<long> left_;
};

// Forwards every call to `inner`; after the response to the budget's last mutating call
// (ApiClass::kMutate: associate, replace, disassociate, stop, start, create profile, add role)
// it calls _exit(137) instead of delivering it.
class KillAfterMutatingCalls final : public aws::AwsCaller {
 public:
  KillAfterMutatingCalls(aws::AwsCaller& inner, CallBudget& budget) : inner_(inner), budget_(budget) {}

  void call(aws::ServiceCall call, aws::ServiceCallback done) override {
    if (call.api_class != aws::ApiClass::kMutate) {
      inner_.call(std::move(call), std::move(done));
      return;
    }
    inner_.call(std::move(call), [this, done = std::move(done)](Result<aws::ServiceResponse> response) {
      if (budget_.spend()) ::_exit(137);  // AWS made (or refused) the change; nobody journals it
      done(std::move(response));
    });
  }
  aws::EventLoop* loop() override { return inner_.loop(); }

 private:
  aws::AwsCaller& inner_;
  CallBudget& budget_;
};

}  // namespace rolecall::testing
