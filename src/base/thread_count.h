#pragma once
// How many threads CPU-bound work gets when the user did not say.

#include <algorithm>
#include <limits>
#include <thread>

namespace rolecall::base {

// One thread per core, at least 1 (hardware_concurrency() may report 0) and at most `at_most`.
inline unsigned default_thread_count(unsigned at_most = std::numeric_limits<unsigned>::max()) {
  return std::clamp(std::thread::hardware_concurrency(), 1u, std::max(at_most, 1u));
}

}  // namespace rolecall::base
