#include "report/ordered_render.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall::report {
namespace {

constexpr std::size_t kChunkItems = 1024;
constexpr std::size_t kParallelFrom = 16 * kChunkItems;
constexpr unsigned kMaxThreads = 8;

void render_chunk(std::size_t chunk, std::size_t count, const RenderItem& render, std::string& text) {
  const std::size_t end = std::min(count, (chunk + 1) * kChunkItems);
  for (std::size_t i = chunk * kChunkItems; i < end; ++i) render(i, text);
}

}  // namespace

void write_in_order(std::size_t count, const RenderItem& render, std::ostream& out, unsigned threads) {
  const std::size_t chunks = (count + kChunkItems - 1) / kChunkItems;
  if (threads == 0) {
    threads = count < kParallelFrom ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
  }
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));
  if (threads <= 1) {
    std::string text;
    for (std::size_t c = 0; c < chunks; ++c) {
      text.clear();
      render_chunk(c, count, render, text);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    return;
  }

  // A chunk is claimed only within `window` of the first unwritten one, so a slow chunk never
  // lets the others pile up the whole report in memory.
  const std::size_t window = 2 * static_cast<std::size_t>(threads);
  std::mutex mutex;
  std::condition_variable room;
  std::size_t next = 0;
  std::size_t written = 0;
  std::vector<std::string> texts(window);
  std::vector<bool> ready(window, false);
  bool writing = false;  // one thread writes at a time, outside the lock, so the others keep rendering
  auto worker = [&] {
    std::unique_lock lock(mutex);
    while (next < chunks) {
      room.wait(lock, [&] { return next >= chunks || next < written + window; });
      if (next >= chunks) break;
      const std::size_t c = next++;
      std::string text = std::move(texts[c % window]);  // reuses the slot's buffer
      lock.unlock();
      text.clear();
      render_chunk(c, count, render, text);
      lock.lock();
      texts[c % window] = std::move(text);
      ready[c % window] = true;
      // Whoever finds the first unwritten chunk ready (and nobody writing) writes it and any
      // ready after it; a chunk finished meanwhile is picked up by the same loop.
      if (writing) continue;
      writing = true;
      while (written < chunks && ready[written % window]) {
        const std::string& t = texts[written % window];
        lock.unlock();
        out.write(t.data(), static_cast<std::streamsize>(t.size()));
        lock.lock();
        ready[written % window] = false;
        ++written;
        room.notify_all();
      }
      writing = false;
    }
  };
  std::vector<std::jthread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(worker);
  worker();
}

}  // namespace rolecall::report
