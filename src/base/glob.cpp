#include "base/glob.h"

#include "base/ascii.h"

namespace rolecall::base {

bool glob_match(std::string_view pattern, std::string_view value, bool case_insensitive) {
  // Greedy, remembering the last `*`: on a mismatch that star swallows one more character.
  std::size_t p = 0;
  std::size_t v = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_v = 0;
  while (v < value.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_v = v;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == value[v] ||
                                      (case_insensitive && to_lower(pattern[p]) == to_lower(value[v])))) {
      ++p;
      ++v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++star_v;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace rolecall::base
