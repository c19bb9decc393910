#pragma once
// "Did you mean": the closest of a few known words to one the user mistyped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::base {

// Edit distance (insertions, deletions, substitutions, and swaps of two adjacent characters)
// between `a` and `b`, ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a typo (distance at most 1 for
// words up to 4 characters, else at most a third of the word's length, at least 2), or a candidate
// that starts with `word` (an abbreviation of 3+ characters); the first of equals wins.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace rolecall::base
