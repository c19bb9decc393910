#pragma once
// The encoders a rewritten user data layer needs: standard base64 and gzip (the inverse of
// decode_base64 and gunzip).

#include <cstddef>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::secrets {

// Standard base64 with padding; `wrap` > 0 breaks the output into lines of that many characters
// ("\n" after each, as MIME bodies are written), 0 writes one line without a newline.
std::string encode_base64(std::string_view data, std::size_t wrap = 0);

// One gzip member of `data` (best compression, no file name or time in the header, so the same
// input always gives the same bytes). kInternal when zlib fails.
Result<std::string> gzip_compress(std::string_view data);

}  // namespace rolecall::secrets
