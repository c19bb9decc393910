#pragma once
// Rendering a long list of items to text on several threads while writing it in order: a 100k-
// finding report is ~90 MB of text, and rendering it dominated a scan's tail on one core.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace rolecall::report {

// Appends the text of item `index` to `out`; called concurrently for different items.
using RenderItem = std::function<void(std::size_t index, std::string& out)>;

// Writes the text of items [0, count) to `out` in order, rendering chunks of items on up to
// `threads` threads (0: one per core when count is large, else the caller's only). At most a
// few chunks are held in memory at a time. The stream is only ever written by one thread at a time.
void write_in_order(std::size_t count, const RenderItem& render, std::ostream& out, unsigned threads = 0);

}  // namespace rolecall::report
