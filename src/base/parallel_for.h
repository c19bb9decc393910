#pragma once
// Independent items spread over a few threads, each thread claiming the next unclaimed index, so a
// slow item (a large file, a blocking STS call) holds up only its own thread.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace rolecall::base {

// Calls fn(index, thread) once for every index in [0, count) on min(threads, count) threads, the
// caller's among them (thread 0; `threads` 0 counts as 1), and returns when every call has.
// `thread` (below that thread count) lets fn use per-thread state without locking.
template <typename Fn>
void parallel_for(std::size_t count, unsigned threads, Fn&& fn) {
  if (count == 0) return;
  const unsigned used = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, count));
  std::atomic<std::size_t> next{0};
  const auto run = [&](unsigned thread) {
    for (std::size_t i = next++; i < count; i = next++) fn(i, thread);
  };
  std::vector<std::jthread> helpers;
  helpers.reserve(used - 1);
  for (unsigned t = 1; t < used; ++t) helpers.emplace_back(run, t);
  run(0);
}

}  // namespace rolecall::base
