#pragma once
// Running one asynchronous call to completion, for simple CLI commands and tests.

#include <functional>
#include <optional>
#include <utility>

#include "rolecall/error.h"

namespace rolecall::base {

// Calls `start(done)` and runs `loop` (anything with run(), e.g. an aws::EventLoop) until `done`
// has received the outcome; the loop also runs anything else pending. Fails with kInternal when
// the loop drains without `done` being called (a broken callback chain), instead of hanging. Call
// on the thread that owns `loop`.
template <typename T, typename Loop, typename Start>
Result<T> run_sync(Loop& loop, Start&& start) {
  std::optional<Result<T>> outcome;
  std::function<void(Result<T>)> done = [&outcome](Result<T> r) { outcome.emplace(std::move(r)); };
  std::forward<Start>(start)(std::move(done));
  if (!outcome) loop.run();
  if (!outcome) return fail(ErrorKind::kInternal, "event loop finished without completing the call");
  return std::move(*outcome);
}

}  // namespace rolecall::base
