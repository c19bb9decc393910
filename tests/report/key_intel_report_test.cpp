// Key intelligence reaches every format: the evidence field key_intel (JSON, CSV, SARIF, ASFF,
// OCSF, HTML, JUnit) and the message the key checks extend with it (the table's DETAIL).
#include <sstream>

#include <gtest/gtest.h>

#include "report/report.h"
#include "support/fake_clock.h"

namespace rolecall::report {
namespace {

constexpr const char* kIntel =
    "AKIA\u2026WXYZ: Active, account 111111111111 (in scope), user legacy-deploy, created 2024-01-10T09:00:00Z, "
    "last used 2026-11-30T18:04:00Z (s3, us-east-1)";

ScanResult key_result() {
  ScanResult result;
  result.started_at = result.finished_at = "2026-12-05T12:00:00Z";
  Finding f;
  f.check_id = "user-data-no-keys";
  f.status = Status::kFail;
  f.severity = Severity::kCritical;
  f.account_id = "111111111111";
  f.region = "us-east-1";
  f.resource_type = "instance";
  f.resource_id = "i-0123456789abcdef0";
  f.message = std::string("1 AWS credential(s) found [key: ") + kIntel + "]";
  f.evidence.key_id_redacted = "AKIA\u2026WXYZ";
  f.evidence.key_intel = kIntel;
  result.findings = {f};
  result.checks = {"user-data-no-keys"};
  return result;
}

TEST(KeyIntelReport, EveryFormatCarriesIt) {
  const ScanResult result = key_result();
  rolecall::testing::FakeClock clock;
  RenderOptions options;
  options.clock = &clock;
  auto render = [&](auto write) {
    std::ostringstream out;
    write(out);
    return out.str();
  };
  const std::pair<const char*, std::string> outputs[] = {
      {"json", render([&](std::ostream& o) { write_json(result, o); })},
      {"csv", render([&](std::ostream& o) { write_csv(result, o); })},
      {"sarif", render([&](std::ostream& o) { write_sarif(result, options, o); })},
      {"asff", render([&](std::ostream& o) { write_asff(result, options, o); })},
      {"ocsf", render([&](std::ostream& o) { write_ocsf(result, options, o); })},
      {"html", render([&](std::ostream& o) { write_html(result, options, o); })},
      {"junit", render([&](std::ostream& o) { write_junit(result, options, o); })},
      {"table", render([&](std::ostream& o) { write_table(result, options, o); })},
  };
  for (const auto& [format, text] : outputs) {
    EXPECT_NE(text.find("user legacy-deploy, created 2024-01-10T09:00:00Z"), std::string::npos) << format;
    EXPECT_EQ(text.find("AKIAQWERTYUIOP"), std::string::npos) << format;  // never an unredacted id
  }
}

}  // namespace
}  // namespace rolecall::report
