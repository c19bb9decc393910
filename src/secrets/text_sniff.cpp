#include "secrets/text_sniff.h"

#include <cstddef>
#include <cstdint>

#include "base/utf8.h"

namespace rolecall::secrets {
namespace {

bool is_control(std::uint32_t c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f; }

}  // namespace

bool looks_like_text(std::string_view data) {
  if (data.size() < 4) return false;
  std::size_t control = 0;
  std::size_t ascii = 0;
  for (const char ch : data) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_control(c)) ++control;
    if (c < 0x80 && !is_control(c)) ++ascii;
  }
  // Random bytes are ~12% control characters and ~37% printable ASCII.
  return control * 100 <= data.size() && ascii * 4 >= data.size() * 3;
}

std::optional<Utf16Text> decode_utf16(std::string_view data) {
  Utf16Text result;
  bool big_endian = false;
  const bool bom = data.starts_with("\xff\xfe") || data.starts_with("\xfe\xff");
  if (bom) {
    big_endian = data[0] == '\xfe';
    data.remove_prefix(2);
  } else if (data.size() < 8 || data.size() % 2 != 0) {
    return std::nullopt;
  }
  const std::size_t units = data.size() / 2;  // an odd last byte of BOM-marked data is dropped
  if (units == 0) return std::nullopt;
  const auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto lo = static_cast<unsigned char>(data[2 * i + (big_endian ? 1 : 0)]);
    const auto hi = static_cast<unsigned char>(data[2 * i + (big_endian ? 0 : 1)]);
    return static_cast<std::uint32_t>(hi << 8 | lo);
  };
  if (!bom) {
    // Without a mark only nearly-ASCII little-endian text qualifies: other bytes rarely look like it.
    std::size_t high_zero = 0;
    for (std::size_t i = 0; i < units; ++i) high_zero += data[2 * i + 1] == '\0' ? 1 : 0;
    if (high_zero * 10 < units * 9) return std::nullopt;
  }
  result.encoding = big_endian ? "UTF-16BE" : "UTF-16LE";
  result.utf8.reserve(units);
  std::size_t control = 0;
  for (std::size_t i = 0; i < units; ++i) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < units && unit(i + 1) >= 0xdc00 && unit(i + 1) < 0xe000) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (unit(i + 1) - 0xdc00);
      ++i;
    } else if (cp >= 0xd800 && cp < 0xe000) {
      cp = 0xfffd;  // an unpaired surrogate
    }
    if (is_control(cp)) ++control;
    base::append_utf8(result.utf8, cp);
  }
  if (control * 100 > units) return std::nullopt;
  if (!bom && !looks_like_text(result.utf8)) return std::nullopt;
  return result;
}

}  // namespace rolecall::secrets
