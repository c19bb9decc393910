#include "emulator/estate/access_keys.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "base/iso8601.h"

namespace rolecall::emulator {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::uint64_t kAccountMask = 0x7fffffffff80ull;  // bits 7..46 of the first 48

// The 80 bits of the 16 characters after the prefix, as (first 48 bits, last 32 bits).
std::optional<std::pair<std::uint64_t, std::uint64_t>> decode(std::string_view key_id) {
  if (key_id.size() != 20 || !(key_id.starts_with("AKIA") || key_id.starts_with("ASIA"))) return std::nullopt;
  std::uint64_t hi = 0, lo = 0;  // 48 + 32 bits
  int bits = 0;
  for (char c : key_id.substr(4)) {
    auto v = kBase32.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    for (int b = 4; b >= 0; --b, ++bits) {
      std::uint64_t bit = (v >> b) & 1u;
      if (bits < 48) {
        hi = (hi << 1) | bit;
      } else {
        lo = (lo << 1) | bit;
      }
    }
  }
  return std::pair{hi, lo};
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> KeyMoment::at(std::chrono::system_clock::time_point now) const {
  if (!date.empty()) return base::parse_iso8601(date);
  if (days_ago >= 0) return now - std::chrono::hours(24) * days_ago;
  if (minutes_ago >= 0) return now - std::chrono::minutes(minutes_ago);
  return std::nullopt;
}

std::optional<std::string> account_encoded_in_key_id(std::string_view key_id) {
  auto bits = decode(key_id);
  if (!bits) return std::nullopt;
  return fmt::format("{:012}", (bits->first & kAccountMask) >> 7);
}

std::string key_id_for_account(std::string_view key_id, std::string_view account) {
  auto bits = decode(key_id);
  std::uint64_t number = 0;
  std::from_chars(account.data(), account.data() + account.size(), number);
  if (!bits || number > (kAccountMask >> 7)) return std::string(key_id);
  std::uint64_t hi = (bits->first & ~kAccountMask & 0x7full) | (number << 7);  // bit 47 cleared
  std::string out(key_id.substr(0, 4));
  for (int c = 0; c < 16; ++c) {
    unsigned v = 0;
    for (int b = 0; b < 5; ++b) {
      int pos = c * 5 + b;
      std::uint64_t bit = pos < 48 ? (hi >> (47 - pos)) & 1u : (bits->second >> (79 - pos)) & 1u;
      v = (v << 1) | static_cast<unsigned>(bit);
    }
    out.push_back(kBase32[v]);
  }
  return out;
}

}  // namespace rolecall::emulator
