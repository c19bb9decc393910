#pragma once
// The unified diff a reviewer reads of one scrubbed layer: removed lines only, every line masked.

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace rolecall::secrets {

// Lines of context around each removal.
inline constexpr std::size_t kScrubDiffContext = 3;

// "--- LAYER (old)\n+++ LAYER (new)\n@@ -a,b +c,d @@\n ..." for `text` without its lines `removed`
// (1-based), every shown line through mask_line; "" when `removed` is empty.
std::string masked_layer_diff(std::string_view layer, std::string_view text, const std::set<std::size_t>& removed);

}  // namespace rolecall::secrets
