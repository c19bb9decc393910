#include <gtest/gtest.h>

#include <string>

#include "secrets/scan.h"
#include "support/encode.h"

namespace rolecall::secrets {
namespace {

using testing::base64;
using testing::gzip;

const std::string kScript =
    "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S\n"
    "export AWS_SECRET_ACCESS_KEY=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\n";

std::vector<SecretFinding> scan_ok(const std::string& raw, const DecodeLimits& limits = {}) {
  auto result = scan_user_data(base64(raw), "user-data", limits);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return result ? *result : std::vector<SecretFinding>{};
}

TEST(ScanUserData, EmptyUserDataHasNoFindings) {
  const auto result = scan_user_data("", "user-data");
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->empty());
}

TEST(ScanUserData, PlainScriptLocations) {
  const auto findings = scan_ok(kScript);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > line 2");
  EXPECT_EQ(findings[1].location, "user-data > line 3");
  EXPECT_EQ(findings[1].type, SecretType::kSecretAccessKey);
}

TEST(ScanUserData, GzipInsideMimePartInsideBase64) {
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/cloud-config\n\n"
      "#cloud-config\n--B\nContent-Type: application/x-gzip\nContent-Transfer-Encoding: base64\n\n" +
      base64(gzip(kScript)) + "\n--B--\n";
  const auto findings = scan_ok(mime);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > part 2 (application/x-gzip) > gzip > line 2");
}

TEST(ScanUserData, GzipWriteFilesEntry) {
  const std::string config =
      "#cloud-config\nwrite_files:\n  - path: /etc/keys\n    encoding: gzip+base64\n    content: " +
      base64(gzip(kScript)) + "\n";
  const auto findings = scan_ok(config);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > write_files[0] /etc/keys (gzip+base64) > gzip > line 2");
}

TEST(ScanUserData, WholeUserDataGzipped) {
  const auto findings = scan_ok(gzip(kScript));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > gzip > line 2");
}

TEST(ScanUserData, InvalidBase64IsAParseErrorNamingTheOrigin) {
  const auto result = scan_user_data("not*base64!", "instance i-0abc user data");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
  EXPECT_NE(result.error().message.find("instance i-0abc user data"), std::string::npos);
}

TEST(ScanUserData, OversizedInputIsAnError) {
  DecodeLimits limits;
  limits.max_input_bytes = 64;
  const auto result = scan_user_data(base64(kScript), "user-data", limits);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
}

TEST(ScanUserData, ZipBombIsAnErrorNamingTheLayer) {
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/x-gzip\n"
      "Content-Transfer-Encoding: base64\n\n" +
      base64(gzip(std::string(8u << 20, 'A'), 1)) + "\n--B--\n";
  DecodeLimits limits;
  limits.max_decoded_bytes = 2u << 20;
  const auto result = scan_user_data(base64(mime), "user-data", limits);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
  EXPECT_NE(result.error().message.find("user-data > part 1 (application/x-gzip): gzip: decompressed data exceeds"),
            std::string::npos)
      << result.error().message;
}

TEST(ScanUserData, EndlessNestingIsAnError) {
  std::string layer = kScript;
  for (int i = 0; i < 12; ++i) layer = base64(layer);  // base64 of base64 of ... of the script
  const auto result = scan_user_data(base64(layer), "user-data");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
  EXPECT_NE(result.error().message.find("nested encoding layers"), std::string::npos) << result.error().message;
  // Within the limit the same construction is peeled completely.
  std::string shallow = kScript;
  for (int i = 0; i < 3; ++i) shallow = base64(shallow);
  const auto findings = scan_ok(shallow);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > base64 (line 1) > base64 (line 1) > base64 (line 1) > line 2");
}

TEST(ScanUserData, NestedMultipartBeyondDepthIsAnError) {
  std::string body = kScript;
  for (int i = 0; i < 10; ++i) {
    const std::string b = "b" + std::to_string(i);
    body = "Content-Type: multipart/mixed; boundary=\"" + b + "\"\n\n--" + b + "\n" + body + "\n--" + b + "--\n";
  }
  DecodeLimits limits;
  limits.max_depth = 4;
  const auto result = scan_user_data(base64(body), "user-data", limits);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("nested encoding layers"), std::string::npos) << result.error().message;
}

TEST(ScanUserData, ChainOfSinglePartMessagesHitsTheDepthLimit) {
  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += "Content-Type: text/plain\n\n";
  chain += kScript;
  const auto result = scan_user_data(base64(chain), "user-data");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("nested encoding layers"), std::string::npos) << result.error().message;
}

TEST(ScanUserData, DecodedBudgetIsEnforced) {
  DecodeLimits limits;
  limits.max_decoded_bytes = 1000;
  const auto result = scan_user_data(base64(gzip(std::string(5000, '#'))), "user-data", limits);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
}

TEST(ScanUserData, InvalidBase64PartIsAnError) {
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/x-shellscript\n"
      "Content-Transfer-Encoding: base64\n\n!!!not base64!!!\n--B--\n";
  const auto result = scan_user_data(base64(mime), "user-data");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("user-data > part 1 (text/x-shellscript): body is not valid base64"),
            std::string::npos);
}

TEST(ScanUserData, MultipartWithoutBoundaryIsScannedAsText) {
  const std::string mime = "Content-Type: multipart/mixed\n\n" + kScript;
  const auto findings = scan_ok(mime);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > line 4");
}

TEST(ScanUserData, SinglePartMimeMessage) {
  const std::string mime = "Content-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n" + base64(kScript);
  const auto findings = scan_ok(mime);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location, "user-data > part 1 (text/x-shellscript) > line 2");
}

TEST(ScanUserData, HostileInputsNeverCrash) {
  for (const std::string& raw :
       {std::string("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n"), std::string("\x1f\x8b"),
        std::string("Content-Type: multipart/mixed; boundary=x\n\n--x\n--x\n--x--"),
        std::string("write_files:\n-\n- content: |\n"),
        std::string("write_files:\n  - encoding: b64\n    content: '''\n"), std::string(3000, '=')}) {
    const auto result = scan_user_data(base64(raw), "user-data");
    if (result) {
      EXPECT_TRUE(result->empty());
    } else {
      EXPECT_EQ(result.error().kind, ErrorKind::kParse);
    }
  }
}

}  // namespace
}  // namespace rolecall::secrets
