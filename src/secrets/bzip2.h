#pragma once
// Bounded bzip2 decompression (libbz2): a decompression bomb is an error, not a hang.

#include <cstddef>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::secrets {

// True when `data` starts like a bzip2 stream: "BZh", a block size digit, then a block or end magic.
bool is_bzip2(std::string_view data);

// Decompresses bzip2 (concatenated streams too). Fails with kParse when the stream is corrupt or
// truncated, or when the output would exceed `max_output` bytes.
Result<std::string> bunzip2(std::string_view data, std::size_t max_output);

}  // namespace rolecall::secrets
