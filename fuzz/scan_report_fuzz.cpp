// Reports read back, untrusted JSON: a scan report (`rolecall plan --from-scan REPORT`, schema
// rolecall.scan/v1) and a scan-files report (`rolecall keys --key-report REPORT`, rolecall.scan-files/v1).

#include <cstddef>
#include <cstdint>
#include <string>

#include "inventory/key_report.h"
#include "remediate/plan_build.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)rolecall::remediate::read_scan_report(text, "report.json");
  (void)rolecall::inventory::read_key_report(text, "found.json");
  return 0;
}
