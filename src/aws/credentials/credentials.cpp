// Redaction of access key ids: the only part of a credential that may be shown.
#include "aws/credentials/credentials.h"

namespace rolecall::aws {

namespace {
// Below this length first-4 + last-4 would reveal most of the id, so nothing is shown.
constexpr std::size_t kMinRevealLength = 16;
}  // namespace

std::string redact_key_id(std::string_view key_id) {
  if (key_id.empty()) return {};
  if (key_id.size() < kMinRevealLength) return "****";
  return std::string(key_id.substr(0, 4)) + "\u2026" + std::string(key_id.substr(key_id.size() - 4));
}

std::string Credentials::redacted_key_id() const { return redact_key_id(access_key_id); }

}  // namespace rolecall::aws
