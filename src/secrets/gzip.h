#pragma once
// Bounded gzip/zlib inflation: a decompression bomb is an error, not a hang.

#include <cstddef>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::secrets {

// True when `data` starts with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view data);

// Inflates gzip (concatenated members too) or zlib data. Fails with kParse when the stream is
// corrupt or truncated, or when the output would exceed `max_output` bytes.
Result<std::string> gunzip(std::string_view data, std::size_t max_output);

}  // namespace rolecall::secrets
