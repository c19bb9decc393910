#pragma once
// The emulator's connection workers: a thread per live connection, started on demand.

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall::emulator {

// httplib serves each connection on one task for its whole keep-alive life, so a fixed pool lets
// idle keep-alive connections starve working ones: a new connection waits until an idle one's
// keep-alive ends. This pool starts a thread whenever a task arrives and no thread is free (up to
// `max_threads`), so idle connections cost a parked thread, never another client's wait. Threads
// once started stay parked until shutdown(). Thread-safe.
class ElasticThreadPool final : public httplib::TaskQueue {
 public:
  // Starts no thread yet; `max_threads` (at least 1) bounds how many run at once.
  explicit ElasticThreadPool(std::size_t max_threads);
  // Shuts down (finishing queued tasks) if shutdown() was not called.
  ~ElasticThreadPool() override;
  ElasticThreadPool(const ElasticThreadPool&) = delete;
  ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

  // Runs `fn` on a free thread, a new one if none is free and the cap allows, else when one frees.
  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then joins every thread. Tasks enqueued afterwards are dropped.
  void shutdown() override;

  // Threads started so far (for tests and logs).
  std::size_t started() const;

 private:
  void work();

  const std::size_t max_threads_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;     // threads parked, waiting for a task
  std::size_t started_ = 0;  // threads ever started
  bool stopping_ = false;
};

}  // namespace rolecall::emulator
