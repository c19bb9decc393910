#pragma once
// Bounded xz decompression (liblzma): a decompression bomb is an error, not a hang or an OOM.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::secrets {

// True when `data` starts with the xz magic bytes FD 37 7A 58 5A 00.
bool is_xz(std::string_view data);

// Memory the xz decoder may use (its dictionary): a header claiming more is an error, not an allocation.
inline constexpr std::uint64_t kXzMemoryLimit = 64u << 20;

// Decompresses xz (concatenated streams too). Fails with kParse when the stream is corrupt or
// truncated, needs more than kXzMemoryLimit, or would produce more than `max_output` bytes.
Result<std::string> unxz(std::string_view data, std::size_t max_output);

}  // namespace rolecall::secrets
