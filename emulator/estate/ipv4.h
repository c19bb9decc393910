#pragma once
// Dotted-quad IPv4 addresses as 32-bit numbers, for the estate's address checks and derivations.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::emulator::load {

// "10.1.2.3" as a number; nullopt unless four decimal octets 0..255 without leading zeros.
std::optional<std::uint32_t> parse_ip(std::string_view text);

// The dotted quad of `ip`.
std::string format_ip(std::uint32_t ip);

}  // namespace rolecall::emulator::load
