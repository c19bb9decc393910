#pragma once
// Quoted-printable decoding (RFC 2045 section 6.7) for MIME parts.

#include <string>
#include <string_view>

namespace rolecall::secrets {

// Decodes "=XX" escapes and removes soft line breaks ("=" at line end). Malformed escapes are
// kept literally, as mail readers do.
std::string decode_quoted_printable(std::string_view text);

}  // namespace rolecall::secrets
