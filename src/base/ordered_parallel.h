#pragma once
// Producing items on several threads while consuming them strictly in order: a report rendered in
// chunks and written in sequence, accounts judged in parallel and their findings appended in
// account order. Like worker.h, a helper of the runtime.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall::base {

// Calls produce(i, slot) for every i in [0, count) on up to `threads` threads (the caller's
// included), and consume(i, slot) for each in index order, one at a time, as soon as i and every
// item before it are produced. At most threads + 1 items are produced ahead of the first one not
// yet consumed; slots are reused (produce must reset what it fills), so their buffers are too.
// Consuming runs outside the lock: the other threads keep producing meanwhile.
template <typename Slot>
void produce_in_order(std::size_t count, unsigned threads, const std::function<void(std::size_t, Slot&)>& produce,
                      const std::function<void(std::size_t, Slot&)>& consume) {
  if (threads > count) threads = static_cast<unsigned>(count);
  if (threads <= 1) {
    Slot slot{};
    for (std::size_t i = 0; i < count; ++i) {
      produce(i, slot);
      consume(i, slot);
    }
    return;
  }
  const std::size_t window = static_cast<std::size_t>(threads) + 1;
  std::mutex mutex;
  std::condition_variable room;
  std::size_t next = 0;             // the next item to claim
  std::size_t consumed = 0;         // items [0, consumed) are consumed
  bool consuming = false;           // one thread consumes at a time
  std::vector<Slot> slots(window);  // item i lives in slots[i % window]: claimed only once i - window is consumed
  std::vector<bool> ready(window, false);
  auto worker = [&] {
    std::unique_lock lock(mutex);
    while (next < count) {
      room.wait(lock, [&] { return next >= count || next < consumed + window; });
      if (next >= count) break;
      const std::size_t i = next++;
      lock.unlock();
      produce(i, slots[i % window]);
      lock.lock();
      ready[i % window] = true;
      // Whoever finds the first unconsumed item ready (and nobody consuming) consumes it and any
      // ready after it; an item finished meanwhile is picked up by the same loop.
      if (consuming) continue;
      consuming = true;
      while (consumed < count && ready[consumed % window]) {
        const std::size_t c = consumed;
        lock.unlock();
        consume(c, slots[c % window]);
        lock.lock();
        ready[c % window] = false;
        ++consumed;
        room.notify_all();
      }
      consuming = false;
    }
  };
  std::vector<std::jthread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(worker);
  worker();
}

}  // namespace rolecall::base
