// A scan report read back (`rolecall plan --from-scan REPORT`, schema rolecall.scan/v1): untrusted JSON.

#include <cstddef>
#include <cstdint>
#include <string>

#include "remediate/plan_build.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)rolecall::remediate::read_scan_report(text, "report.json");
  return 0;
}
