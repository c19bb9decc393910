#pragma once
// Background threads running queued tasks: the event loop's helpers for CPU-heavy work (parsing
// large responses) so the loop thread keeps driving I/O meanwhile.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall::base {

class Worker {
 public:
  // `threads` threads (at least one).
  explicit Worker(unsigned threads = 1);
  // Finishes the queued tasks, then joins the threads.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `task`. Tasks start in the order queued; with more than one thread they may run at the
  // same time, so each must be self-contained.
  void submit(std::function<void()> task);

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once the members above exist
};

}  // namespace rolecall::base
