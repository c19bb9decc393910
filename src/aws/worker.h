#pragma once
// One background thread running tasks in order: the event loop's helper for CPU-heavy work
// (parsing large responses) so the loop thread keeps driving I/O meanwhile.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace rolecall::aws {

class Worker {
 public:
  Worker();
  // Finishes the queued tasks, then joins the thread.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `task`; it runs on the worker thread after the tasks queued before it.
  void submit(std::function<void()> task);

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace rolecall::aws
