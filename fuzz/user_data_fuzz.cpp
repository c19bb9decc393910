// User data (an instance's or launch template's, written by whoever launched it: untrusted).
// The input is the decoded user data: it is base64-encoded as EC2 returns it and decoded through
// every layer (gzip, MIME multipart, nested base64, ...); the raw input is also given as the
// base64 text itself, and scanned as a plain file (`scan-files`). The scrub of every key found
// (plan --migrate-keys) runs over it too: what it gives back must scan clean of every credential.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "secrets/scan.h"
#include "secrets/scrub.h"
#include "support/encode.h"

namespace secrets = rolecall::secrets;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string encoded = rolecall::testing::base64(text);
  (void)secrets::scan_user_data(encoded, "user-data");
  auto scrubbed = secrets::scrub_user_data(encoded, "user-data", [](std::string_view) { return true; });
  if (scrubbed && !scrubbed->user_data.empty()) {
    auto left = secrets::scan_user_data(scrubbed->user_data, "user-data");
    if (!left) __builtin_trap();  // the scrub wrote what the scan cannot read
    for (const auto& f : *left) {
      if (!f.is_example && f.type != secrets::SecretType::kCredentialsFileBlock) __builtin_trap();
    }
  }
  (void)secrets::scan_user_data(text, "user-data");
  (void)secrets::scan_text(text, "file");
  return 0;
}
