#pragma once
// ASCII case folding. Protocol names (HTTP headers, IAM actions, MIME fields, config words) are
// ASCII and case-insensitive by specification; folding them must not depend on the C locale.

#include <algorithm>
#include <string>
#include <string_view>

namespace rolecall::base {

// `c` lower-cased if it is an ASCII capital letter; every other byte unchanged.
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` with its ASCII capitals lower-cased.
inline std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

// The value of the hexadecimal digit `c` (either case), or -1 when `c` is not one.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when `a` and `b` are equal ignoring ASCII case.
inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return to_lower(x) == to_lower(y); });
}

// True when `text` begins with `prefix`, ignoring ASCII case.
inline bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace rolecall::base
