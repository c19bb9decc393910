#include "secrets/text_sniff.h"

#include <cstddef>

namespace rolecall::secrets {
namespace {

bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f; }

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

std::optional<std::string> utf16le_to_ascii(std::string_view data) {
  if (data.size() < 8 || data.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(data.size() / 2);
  std::size_t high_zero = 0;
  for (std::size_t i = 0; i < data.size(); i += 2) {
    const bool ascii = data[i + 1] == '\0' && static_cast<unsigned char>(data[i]) < 0x80;
    if (data[i + 1] == '\0') ++high_zero;
    out.push_back(ascii ? data[i] : '?');
  }
  if (high_zero * 10 < (data.size() / 2) * 9 || !looks_like_text(out)) return std::nullopt;
  return out;
}

}  // namespace rolecall::secrets
