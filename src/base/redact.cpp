#include "base/redact.h"

namespace rolecall::base {

std::string redact_key_id(std::string_view key_id) {
  if (key_id.empty()) return {};
  if (key_id.size() < kMinRevealedKeyIdLength) return "****";
  std::string out(key_id.substr(0, 4));
  out += "\u2026";
  out += key_id.substr(key_id.size() - 4);
  return out;
}

}  // namespace rolecall::base
