#include "secrets/base64.h"

#include <openssl/evp.h>

#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Minimum length of a line that is base64 only and may continue a multi-line blob.
constexpr std::size_t kMinBlobLine = 16;

bool all_base64(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_base64_char(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  std::size_t padding = 0;
  for (const char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding != 0 || !is_base64_char(c)) return std::nullopt;  // data after padding, or a stranger
    compact.push_back(c);
  }
  if (padding > 2 || compact.size() % 4 == 1) return std::nullopt;
  const std::size_t data_chars = compact.size();
  while (compact.size() % 4 != 0) compact.push_back('=');
  if (compact.empty()) return std::string();
  std::string out(compact.size() / 4 * 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes that padding stands for; drop them.
  out.resize(data_chars / 4 * 3 + (data_chars % 4 == 0 ? 0 : data_chars % 4 - 1));
  return out;
}

std::vector<Base64Blob> find_base64_blobs(std::string_view text) {
  std::vector<Base64Blob> out;
  std::size_t line = 1;
  std::size_t pos = 0;
  Base64Blob group{};  // consecutive base64-only lines
  bool in_group = false;
  const auto close_group = [&] {
    if (in_group && group.end - group.begin >= kMinBlobLength) out.push_back(group);
    in_group = false;
  };
  while (pos < text.size()) {
    const std::size_t end = line_end(text, pos);
    const std::string_view raw = text.substr(pos, end - pos);
    const std::string_view content = trim(raw);
    if (content.size() >= kMinBlobLine && all_base64(content)) {
      const std::size_t begin = pos + static_cast<std::size_t>(content.data() - raw.data());
      if (!in_group) group = {begin, begin, line};
      in_group = true;
      group.end = begin + content.size();
    } else {
      close_group();
      // Long runs inside an ordinary line: "echo <b64> | base64 -d", "content: <b64>".
      std::size_t i = 0;
      while (i < raw.size()) {
        if (!is_base64_char(raw[i])) {
          ++i;
          continue;
        }
        const std::size_t start = i;
        while (i < raw.size() && is_base64_char(raw[i])) ++i;
        while (i < raw.size() && raw[i] == '=') ++i;
        if (i - start >= kMinBlobLength) out.push_back({pos + start, pos + i, line});
      }
    }
    pos = end + 1;
    ++line;
  }
  close_group();
  return out;
}

}  // namespace rolecall::secrets
