#include "checks/key_scrub.h"

#include "base/sha256.h"

namespace rolecall::checks {

Result<secrets::ScrubResult> scrub_keys(const std::string& user_data, const std::set<std::string>& key_sha256) {
  return secrets::scrub_user_data(user_data, "user-data", [&key_sha256](std::string_view key_id) {
    return key_sha256.contains(base::sha256_hex(key_id));
  });
}

}  // namespace rolecall::checks
