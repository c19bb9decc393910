#pragma once
// Hard-coded AWS credential detection over user data and plain text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::secrets {

// What kind of credential material was found.
enum class SecretType {
  kAccessKeyId,           // AKIA..., ASIA..., ABIA..., ACCA..., A3T...
  kSecretAccessKey,       // 40 base64 characters next to a key id or an AWS key name
  kSessionToken,          // aws_session_token / AWS_SESSION_TOKEN values
  kCredentialsFileBlock,  // a "[profile]" block with aws_access_key_id / aws_secret_access_key
};

// "access-key-id", "secret-access-key", "session-token", "credentials-file-block".
const char* to_string(SecretType type);

// One detected credential. Never holds the secret itself.
struct SecretFinding {
  SecretType type = SecretType::kAccessKeyId;
  std::string location;         // "user-data > part 2 (text/x-shellscript) > line 7" or "path/to/file:12"
  std::size_t line = 0;         // 1-based line in the innermost decoded layer
  std::string key_id_redacted;  // first 4 + "…" + last 4 of the key id, when one is involved
  std::string fingerprint;      // lowercase hex SHA-256 of the credential value (de-duplication)
  bool is_example = false;      // AWS documentation example key (AKIAIOSFODNN7EXAMPLE and its secret)
  // The full key id behind key_id_redacted, for key intelligence lookups (sts:GetAccessKeyInfo)
  // only: never printed, logged or stored (show key_id_redacted).
  std::string key_id;
};

// Bounds that make hostile input an error instead of a hang.
struct DecodeLimits {
  std::size_t max_input_bytes = 1 << 20;      // raw (base64) user data accepted
  std::size_t max_decoded_bytes = 16u << 20;  // total bytes produced by all layers
  int max_depth = 8;                          // nested layers (gzip in MIME in base64 ...)
};

// Decodes user data (base64 → gzip / MIME multipart / nested base64 / plain) and scans every
// layer. `origin` prefixes each finding's location (e.g. "user-data"). Fails with kParse naming
// the layer when the data is malformed or exceeds `limits`.
Result<std::vector<SecretFinding>> scan_user_data(std::string_view base64_user_data, std::string_view origin,
                                                  const DecodeLimits& limits = {});

// Scans already-decoded text (a file's contents); `origin` prefixes locations ("path:line").
std::vector<SecretFinding> scan_text(std::string_view text, std::string_view origin);

}  // namespace rolecall::secrets
