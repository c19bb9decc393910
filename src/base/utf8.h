#pragma once
// UTF-8 encoding of code points (XML character references, UTF-16 user data).

#include <cstdint>
#include <string>

namespace rolecall::base {

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace rolecall::base
