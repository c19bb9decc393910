// User data (an instance's or launch template's, written by whoever launched it: untrusted).
// The input is the decoded user data: it is base64-encoded as EC2 returns it and decoded through
// every layer (gzip, MIME multipart, nested base64, ...); the raw input is also given as the
// base64 text itself, and scanned as a plain file (`scan-files`).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "secrets/scan.h"
#include "support/encode.h"

namespace secrets = rolecall::secrets;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)secrets::scan_user_data(rolecall::testing::base64(text), "user-data");
  (void)secrets::scan_user_data(text, "user-data");
  (void)secrets::scan_text(text, "file");
  return 0;
}
