#include "emulator/estate/ipv4.h"

#include <charconv>

#include <fmt/format.h>

namespace rolecall::emulator::load {

std::optional<std::uint32_t> parse_ip(std::string_view text) {
  std::uint32_t out = 0;
  for (int part = 0; part < 4; ++part) {
    auto dot = part < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return std::nullopt;
    unsigned value = 256;
    auto [end, ec] = std::from_chars(text.data(), text.data() + dot, value);
    if (ec != std::errc() || end != text.data() + dot || value > 255 || (dot > 1 && text[0] == '0'))
      return std::nullopt;
    out = (out << 8) | value;
    text.remove_prefix(part < 3 ? dot + 1 : dot);
  }
  return out;
}

std::string format_ip(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

}  // namespace rolecall::emulator::load
