#pragma once
// Base64 decoding for user data layers, and the search for base64 blobs embedded in text.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::secrets {

// Decodes standard base64, ignoring ASCII whitespace and tolerating missing padding. Empty when
// `text` holds any other character or has an impossible length.
std::optional<std::string> decode_base64(std::string_view text);

// True for [A-Za-z0-9+/].
constexpr bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// A run of base64 text inside a larger text: one long run on a line, or consecutive lines that are
// base64 only (YAML block scalars, wrapped output of `base64`).
struct Base64Blob {
  std::size_t begin = 0;  // byte offsets in the scanned text
  std::size_t end = 0;
  std::size_t line = 1;  // 1-based line where the blob starts
};

// Shortest run considered a blob: a base64-encoded key id (28 characters) must qualify.
inline constexpr std::size_t kMinBlobLength = 24;

// Every blob of at least kMinBlobLength base64 characters in `text`, in order.
std::vector<Base64Blob> find_base64_blobs(std::string_view text);

}  // namespace rolecall::secrets
