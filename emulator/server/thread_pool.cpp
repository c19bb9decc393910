#include "emulator/server/thread_pool.h"

#include <algorithm>
#include <utility>

namespace rolecall::emulator {

ElasticThreadPool::ElasticThreadPool(std::size_t max_threads) : max_threads_(std::max<std::size_t>(1, max_threads)) {}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    tasks_.push_back(std::move(fn));
    // Parked threads will each take one queued task; start another only for what they cannot.
    if (tasks_.size() > idle_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { work(); });
      ++started_;
    }
  }
  ready_.notify_one();
}

void ElasticThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    threads.swap(threads_);
  }
  ready_.notify_all();
  for (auto& thread : threads) thread.join();
}

std::size_t ElasticThreadPool::started() const {
  std::lock_guard lock(mu_);
  return started_;
}

void ElasticThreadPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    --idle_;
    if (tasks_.empty()) return;  // stopping, nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace rolecall::emulator
