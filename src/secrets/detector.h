#pragma once
// Credential detection over one decoded buffer: prefilter hits verified into findings.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "secrets/scan.h"

namespace rolecall::secrets {

// A verified credential in one buffer, before it is given a location. Never holds the secret.
struct RawFinding {
  SecretType type = SecretType::kAccessKeyId;
  std::size_t offset = 0;       // byte offset of the credential value (of the header for blocks)
  std::size_t line = 1;         // 1-based line of `offset`
  std::string key_id_redacted;  // the key id itself, or the nearest one for secrets and tokens
  std::string fingerprint;      // SHA-256 hex of the value ("id:secret" for blocks)
  bool is_example = false;
  std::string key_id;  // the full key id behind key_id_redacted: for lookups only, never shown
};

// Finds every credential in `text`, sorted by offset then type. Thread-safe.
std::vector<RawFinding> detect_credentials(std::string_view text);

// How many lines around a key id a bare 40-character secret may sit and still be paired with it.
inline constexpr std::size_t kPairingLines = 3;

}  // namespace rolecall::secrets
