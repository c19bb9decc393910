#include "secrets/scrub_diff.h"

#include <vector>

#include <fmt/format.h>

#include "secrets/scrub_line.h"

namespace rolecall::secrets {

std::string masked_layer_diff(std::string_view layer, std::string_view text, const std::set<std::size_t>& removed) {
  if (removed.empty()) return {};
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  std::string out = fmt::format("--- {} (old)\n+++ {} (new)\n", layer, layer);
  auto it = removed.begin();
  std::size_t dropped_before = 0;  // removed lines before the current hunk
  while (it != removed.end()) {
    // A hunk: removals whose contexts touch, with their context.
    const std::size_t first = *it > kScrubDiffContext ? *it - kScrubDiffContext : 1;
    std::size_t last = *it;
    std::size_t in_hunk = 0;
    while (it != removed.end() && *it <= last + 2 * kScrubDiffContext + 1) {
      last = *it;
      ++in_hunk;
      ++it;
    }
    last = std::min(lines.size(), last + kScrubDiffContext);
    const std::size_t old_count = last - first + 1;
    out += fmt::format("@@ -{},{} +{},{} @@\n", first, old_count, first - dropped_before, old_count - in_hunk);
    for (std::size_t n = first; n <= last; ++n) {
      out += removed.contains(n) ? '-' : ' ';
      out += mask_line(lines[n - 1]);
      out += '\n';
    }
    dropped_before += in_hunk;
  }
  return out;
}

}  // namespace rolecall::secrets
