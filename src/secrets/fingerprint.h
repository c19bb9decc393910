#pragma once
// Fingerprints: with base::redact_key_id, the only forms in which a found credential leaves the scanner.

#include <string>
#include <string_view>

namespace rolecall::secrets {

// Lowercase hex SHA-256 of `value`.
std::string sha256_hex(std::string_view value);

}  // namespace rolecall::secrets
