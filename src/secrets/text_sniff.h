#pragma once
// Guesses whether decoded bytes are text worth scanning as a nested layer.

#include <optional>
#include <string>
#include <string_view>

namespace rolecall::secrets {

// True when `data` reads as text: almost no control bytes and mostly printable ASCII.
bool looks_like_text(std::string_view data);

// The ASCII text of UTF-16LE data (PowerShell -EncodedCommand), or empty when `data` is not that.
std::optional<std::string> utf16le_to_ascii(std::string_view data);

}  // namespace rolecall::secrets
