#include "inventory/shard.h"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

namespace rolecall::inventory {
namespace {

constexpr std::size_t kMaxShards = 4096;

// A whole decimal number, nothing else.
bool parse_shard_number(std::string_view text, std::size_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !parse_shard_number(text.substr(0, slash), shard.index) ||
      !parse_shard_number(text.substr(slash + 1), shard.count) || shard.count == 0 || shard.count > kMaxShards ||
      shard.index >= shard.count) {
    return fail(Error::invalid_argument(
        fmt::format("--shard {}: expected I/N, the share I (0 to N-1) of N (1 to {}), e.g. 0/4", text, kMaxShards)));
  }
  return shard;
}

std::size_t shard_of(std::string_view account_id, std::size_t count) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a offset basis and prime: fixed forever
  for (const char c : account_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return count == 0 ? 0 : static_cast<std::size_t>(hash % count);
}

bool in_shard(std::string_view account_id, const Shard& shard) {
  return shard.count <= 1 || shard_of(account_id, shard.count) == shard.index;
}

}  // namespace rolecall::inventory
