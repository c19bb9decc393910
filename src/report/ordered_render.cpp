#include "report/ordered_render.h"

#include <algorithm>

#include "base/ordered_parallel.h"
#include "base/thread_count.h"

namespace rolecall::report {
namespace {

constexpr std::size_t kChunkItems = 1024;
constexpr std::size_t kParallelFrom = 16 * kChunkItems;
constexpr unsigned kMaxThreads = 8;

}  // namespace

void write_in_order(std::size_t count, const RenderItem& render, std::ostream& out, unsigned threads) {
  const std::size_t chunks = (count + kChunkItems - 1) / kChunkItems;
  if (threads == 0) {
    threads = count < kParallelFrom ? 1 : base::default_thread_count(kMaxThreads);
  }
  base::produce_in_order<std::string>(
      chunks, threads,
      [&](std::size_t chunk, std::string& text) {
        text.clear();
        const std::size_t end = std::min(count, (chunk + 1) * kChunkItems);
        for (std::size_t i = chunk * kChunkItems; i < end; ++i) render(i, text);
      },
      [&](std::size_t, std::string& text) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

}  // namespace rolecall::report
