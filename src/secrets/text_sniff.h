#pragma once
// Guesses whether decoded bytes are text worth scanning as a nested layer, and decodes UTF-16.

#include <optional>
#include <string>
#include <string_view>

namespace rolecall::secrets {

// True when `data` reads as text: almost no control bytes and mostly printable ASCII.
bool looks_like_text(std::string_view data);

// UTF-16 text converted to UTF-8, and which byte order it had.
struct Utf16Text {
  std::string utf8;
  const char* encoding = "UTF-16LE";  // "UTF-16LE" or "UTF-16BE"
};

// `data` as UTF-8 when it is UTF-16 text: after a byte order mark (FF FE or FE FF), or without one
// little-endian text that is nearly all ASCII (Windows PowerShell user data, -EncodedCommand).
// Empty when `data` is not that, or decodes to control characters rather than text.
std::optional<Utf16Text> decode_utf16(std::string_view data);

}  // namespace rolecall::secrets
