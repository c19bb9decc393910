// inventory::read_key_report: the long-term key ids a scan-files JSON report names, by fingerprint.
#include "inventory/key_report.h"

#include <gtest/gtest.h>

#include <string>

namespace rolecall::inventory {
namespace {

const std::string kFp1(64, 'a');
const std::string kFp2(64, 'b');

std::string finding(const std::string& type, const std::string& redacted, const std::string& fp, int line,
                    bool example = false) {
  return R"({"path":"/etc/app.env","line":)" + std::to_string(line) + R"(,"type":")" + type +
         R"(","key_id_redacted":")" + redacted + R"(","fingerprint_sha256":")" + fp + R"(","example":)" +
         (example ? "true" : "false") + "}";
}

std::string report(const std::string& findings) {
  return R"({"schema":"rolecall.scan-files/v1","findings":[)" + findings + R"(],"complete":true})";
}

TEST(KeyReport, KeepsLongTermKeysOncePerFingerprintWithEveryLocation) {
  auto keys = read_key_report(
      report(finding("access-key-id", "AKIA…DFGH", kFp1, 3) + "," + finding("secret-access-key", "", kFp2, 4) + "," +
             finding("access-key-id", "AKIA…MPLE", kFp2, 5, true) + "," +
             finding("access-key-id", "ASIA…WXYZ", kFp2, 6) + "," + finding("access-key-id", "AKIA…DFGH", kFp1, 9)),
      "report.json");
  ASSERT_TRUE(keys) << keys.error().message;
  ASSERT_EQ(keys->size(), 1u) << "secrets, examples and temporary keys name nothing to look up";
  EXPECT_EQ((*keys)[0].key_id_redacted, "AKIA…DFGH");
  EXPECT_EQ((*keys)[0].fingerprint, kFp1);
  EXPECT_EQ((*keys)[0].locations, (std::vector<std::string>{"/etc/app.env:3", "/etc/app.env:9"}));
}

// Found by fuzz/scan_report_fuzz.cpp: a path that is not a string threw out of the reader.
TEST(KeyReport, APathOrLineOfAnotherTypeIsLeftOutOfTheLocation) {
  auto keys = read_key_report(report(R"({"type":"access-key-id","key_id_redacted":"AKIA…DFGH","fingerprint_sha256":")" +
                                     kFp1 + R"(","path":1,"line":"3"})"),
                              "report.json");
  ASSERT_TRUE(keys) << keys.error().message;
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].locations, std::vector<std::string>{""});
}

TEST(KeyReport, RefusesWhatIsNotAScanFilesReportNamingTheInput) {
  for (const std::string& text : {std::string("{"), std::string(R"({"schema":"rolecall.scan/v1","findings":[]})"),
                                  std::string(R"({"schema":"rolecall.scan-files/v1","findings":{}})"), report("1"),
                                  report(R"({"type":7})"), report(finding("access-key-id", "AKIA…DFGH", "xyz", 1)),
                                  report(R"({"type":"access-key-id","fingerprint_sha256":")" + kFp1 + R"("})")}) {
    auto keys = read_key_report(text, "report.json");
    ASSERT_FALSE(keys) << text;
    EXPECT_EQ(keys.error().kind, ErrorKind::kParse) << text;
    EXPECT_NE(keys.error().message.find("report.json"), std::string::npos) << keys.error().message;
  }
}

}  // namespace
}  // namespace rolecall::inventory
