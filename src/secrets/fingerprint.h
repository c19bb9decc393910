#pragma once
// Fingerprints and redaction: the only forms in which a found credential leaves the scanner.

#include <string>
#include <string_view>

namespace rolecall::secrets {

// Lowercase hex SHA-256 of `value`.
std::string sha256_hex(std::string_view value);

// First 4 + "…" + last 4 characters of a key id; values of 8 characters or fewer become "…".
std::string redact_key_id(std::string_view key_id);

}  // namespace rolecall::secrets
