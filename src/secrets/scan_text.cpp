// scan_text and the names of secret types (declared in scan.h).
#include <fmt/format.h>

#include "secrets/detector.h"
#include "secrets/scan.h"

namespace rolecall::secrets {

const char* to_string(SecretType type) {
  switch (type) {
    case SecretType::kAccessKeyId: return "access-key-id";
    case SecretType::kSecretAccessKey: return "secret-access-key";
    case SecretType::kSessionToken: return "session-token";
    case SecretType::kCredentialsFileBlock: return "credentials-file-block";
  }
  return "unknown";
}

std::vector<SecretFinding> scan_text(std::string_view text, std::string_view origin) {
  std::vector<SecretFinding> out;
  for (RawFinding& raw : detect_credentials(text)) {
    out.push_back({raw.type, fmt::format("{}:{}", origin, raw.line), raw.line, std::move(raw.key_id_redacted),
                   std::move(raw.fingerprint), raw.is_example, std::move(raw.key_id)});
  }
  return out;
}

}  // namespace rolecall::secrets
