#include <gtest/gtest.h>

#include <string>

#include "base/sha256.h"
#include "secrets/scan.h"

namespace rolecall::secrets {
namespace {

constexpr const char* kTextKeyId = "AKIALACI57K43PEADJ4S";
constexpr const char* kTextSecret = "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";

std::size_t count(const std::vector<SecretFinding>& findings, SecretType type) {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const SecretFinding& f) { return f.type == type; }));
}

TEST(ScanText, FindingCarriesRedactedIdFingerprintAndLocation) {
  const std::string text = std::string("line one\nkey=") + kTextKeyId + "\n";
  const auto findings = scan_text(text, "app/config.ini");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, SecretType::kAccessKeyId);
  EXPECT_EQ(findings[0].line, 2u);
  EXPECT_EQ(findings[0].location, "app/config.ini:2");
  EXPECT_EQ(findings[0].key_id_redacted, "AKIA\u2026DJ4S");
  EXPECT_EQ(findings[0].fingerprint, base::sha256_hex(kTextKeyId));
  EXPECT_FALSE(findings[0].is_example);
}

TEST(ScanText, SecretNeverAppearsInAnyReturnedString) {
  const std::string text =
      std::string("aws_access_key_id=") + kTextKeyId + "\naws_secret_access_key=" + kTextSecret + "\n";
  const auto findings = scan_text(text, "f");
  ASSERT_EQ(count(findings, SecretType::kSecretAccessKey), 1u);
  for (const SecretFinding& f : findings) {
    for (const std::string* s : {&f.location, &f.key_id_redacted, &f.fingerprint}) {
      EXPECT_EQ(s->find(kTextSecret), std::string::npos);
      EXPECT_EQ(s->find(kTextKeyId), std::string::npos);
      EXPECT_EQ(s->find(std::string(kTextSecret).substr(0, 8)), std::string::npos);
    }
  }
  const auto secret = std::find_if(findings.begin(), findings.end(),
                                   [](const SecretFinding& f) { return f.type == SecretType::kSecretAccessKey; });
  EXPECT_EQ(secret->fingerprint, base::sha256_hex(kTextSecret));
  EXPECT_EQ(secret->key_id_redacted, "AKIA\u2026DJ4S");  // paired with the id on the line above
}

TEST(ScanText, WordBoundariesAroundKeyIds) {
  EXPECT_EQ(scan_text(std::string("x") + kTextKeyId, "f").size(), 0u);
  EXPECT_EQ(scan_text(std::string(kTextKeyId) + "9", "f").size(), 0u);
  EXPECT_EQ(scan_text(std::string("\"") + kTextKeyId + "\"", "f").size(), 1u);
  EXPECT_EQ(scan_text(std::string("id:") + kTextKeyId, "f").size(), 1u);
  EXPECT_EQ(scan_text(kTextKeyId, "f").size(), 1u);  // at both ends of the buffer
}

TEST(ScanText, BareSecretNeedsANearbyKeyId) {
  const std::string secret_line = std::string("    ") + kTextSecret + "\n";
  EXPECT_EQ(scan_text(secret_line, "f").size(), 0u);
  const std::string near = std::string(kTextKeyId) + "\n\n\n" + secret_line;  // 3 lines below
  EXPECT_EQ(count(scan_text(near, "f"), SecretType::kSecretAccessKey), 1u);
  const std::string far = std::string(kTextKeyId) + "\n\n\n\n" + secret_line;  // 4 lines below
  EXPECT_EQ(count(scan_text(far, "f"), SecretType::kSecretAccessKey), 0u);
  const std::string above = secret_line + kTextKeyId + "\n";
  EXPECT_EQ(count(scan_text(above, "f"), SecretType::kSecretAccessKey), 1u);
  // A label naming something else wins over proximity; secret-ish labels and key ids do not.
  EXPECT_EQ(
      count(scan_text(std::string(kTextKeyId) + "\nnonce = " + kTextSecret + "\n", "f"), SecretType::kSecretAccessKey),
      0u);
  EXPECT_EQ(count(scan_text(std::string(kTextKeyId) + "\n\"Signature\": \"" + kTextSecret + "\"\n", "f"),
                  SecretType::kSecretAccessKey),
            0u);
  EXPECT_EQ(
      count(scan_text(std::string(kTextKeyId) + "\nSecret: " + kTextSecret + "\n", "f"), SecretType::kSecretAccessKey),
      1u);
  EXPECT_EQ(count(scan_text(std::string(kTextKeyId) + "," + kTextSecret + "\n", "f"), SecretType::kSecretAccessKey),
            1u);
  EXPECT_EQ(
      count(scan_text(std::string("new BasicAWSCredentials(\"") + kTextKeyId + "\", \"" + kTextSecret + "\")", "f"),
            SecretType::kSecretAccessKey),
      1u);
  // A resource id does not vouch for a secret.
  EXPECT_EQ(scan_text(std::string("AROA5S73STX3FKHKT7TW\n") + secret_line, "f").size(), 0u);
}

TEST(ScanText, KeyNamesInManyDialects) {
  for (const std::string prefix :
       {"aws_secret_access_key = ", "AWS_SECRET_ACCESS_KEY=", "export AWS_SECRET_ACCESS_KEY=\"",
        "\"SecretAccessKey\": \"", "\"secretAccessKey\":\"", "secret_key = '", "aws.secretKey=", "-SecretKey ",
        "<SecretAccessKey>", "$env:AWS_SECRET_ACCESS_KEY = \"", "{\\\"SecretAccessKey\\\":\\\""}) {
    const auto findings = scan_text(prefix + kTextSecret + "\"\n", "f");
    EXPECT_EQ(count(findings, SecretType::kSecretAccessKey), 1u) << prefix;
  }
}

TEST(ScanText, BareAwsSecretNameNeedsAKeyIdNearby) {
  // "aws_secret" is no prefilter anchor (it halves the scan rate); its values pair by proximity.
  EXPECT_EQ(count(scan_text(std::string("AWS_SECRET=") + kTextSecret + "\n", "f"), SecretType::kSecretAccessKey), 0u);
  EXPECT_EQ(count(scan_text(std::string("AWS_KEY=") + kTextKeyId + "\nAWS_SECRET=" + kTextSecret + "\n", "f"),
                  SecretType::kSecretAccessKey),
            1u);
}

TEST(ScanText, NamedValueMustBeExactlyFortyCharacters) {
  EXPECT_EQ(scan_text(std::string("aws_secret_access_key=") + kTextSecret + "x", "f").size(), 0u);
  EXPECT_EQ(scan_text(std::string("aws_secret_access_key=") + kTextSecret + "=", "f").size(), 0u);
  EXPECT_EQ(scan_text(std::string("aws_secret_access_key=") + std::string(kTextSecret).substr(1), "f").size(), 0u);
  EXPECT_EQ(scan_text(std::string("aws_secret_access_key_id=") + kTextSecret, "f").size(), 0u);
}

TEST(ScanText, SessionTokens) {
  const std::string token(
      "FwoGZXIvYXdzESCHC7Q/avYjViRlZUTTeKMxyZ6p3nCShO5dAqUwYUE6wSI1mI1oVnHeiu15hxP9FedV71gZy/Ax4vpJDtUAV2eF435ztMfxv5HK"
      "FWUhQTbpkmKU1gIgD93P04LWWMwuIkPvsTm6J7kJLUw/cNQeDvUjS93FxCJCxF0N+9QRGbAJmCRIk5eaWPYuXPl8SUEnSFpIHJSwaUYQ0XT==");
  for (const std::string prefix :
       {"aws_session_token = ", "AWS_SESSION_TOKEN=", "\"SessionToken\": \"", "AWS_SECURITY_TOKEN='"}) {
    const auto findings = scan_text(prefix + token + "\n", "f");
    ASSERT_EQ(findings.size(), 1u) << prefix;
    EXPECT_EQ(findings[0].type, SecretType::kSessionToken);
    EXPECT_EQ(findings[0].fingerprint, base::sha256_hex(token));
  }
  EXPECT_EQ(scan_text("aws_session_token=" + token.substr(0, 60), "f").size(), 0u);  // too short
  EXPECT_EQ(scan_text("aws_session_token=$(jq -r .Token creds.json)", "f").size(), 0u);
}

TEST(ScanText, CredentialsBlockNeedsHeaderAndBothKeys) {
  const std::string block =
      std::string("[ci]\naws_access_key_id = ") + kTextKeyId + "\naws_secret_access_key = " + kTextSecret + "\n";
  EXPECT_EQ(count(scan_text(block, "f"), SecretType::kCredentialsFileBlock), 1u);
  const std::string no_header = block.substr(block.find('\n') + 1);
  EXPECT_EQ(count(scan_text(no_header, "f"), SecretType::kCredentialsFileBlock), 0u);
  const std::string no_secret = std::string("[ci]\naws_access_key_id = ") + kTextKeyId + "\nregion = us-east-1\n";
  EXPECT_EQ(count(scan_text(no_secret, "f"), SecretType::kCredentialsFileBlock), 0u);
  const std::string other_section =
      std::string("[a]\naws_access_key_id = ") + kTextKeyId + "\n[b]\naws_secret_access_key = " + kTextSecret;
  EXPECT_EQ(count(scan_text(other_section, "f"), SecretType::kCredentialsFileBlock), 0u);
  const std::string secret_first =
      std::string("[ci]\naws_secret_access_key = ") + kTextSecret + "\naws_access_key_id = " + kTextKeyId;
  EXPECT_EQ(count(scan_text(secret_first, "f"), SecretType::kCredentialsFileBlock), 1u);
  const std::string crlf =
      std::string("[ci]\r\naws_access_key_id = ") + kTextKeyId + "\r\naws_secret_access_key = " + kTextSecret + "\r\n";
  EXPECT_EQ(count(scan_text(crlf, "f"), SecretType::kCredentialsFileBlock), 1u);
}

TEST(ScanText, ExamplesAreFlagged) {
  const auto findings = scan_text("AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "docs.md");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_TRUE(findings[0].is_example);
  EXPECT_TRUE(findings[1].is_example);
}

TEST(ScanText, HostileInputDoesNotCrash) {
  std::string big(1 << 20, 'A');
  EXPECT_TRUE(scan_text(big, "f").empty());
  std::string ids;
  for (int i = 0; i < 2000; ++i) ids += std::string(kTextKeyId) + (i % 2 == 0 ? "\n" : " ");
  EXPECT_EQ(scan_text(ids, "f").size(), 2000u);
  EXPECT_TRUE(scan_text("", "f").empty());
  EXPECT_TRUE(scan_text(std::string("aws_secret_access_key") + std::string(20, '='), "f").empty());
  EXPECT_TRUE(scan_text(std::string_view("\0\0AKIA\0", 7), "f").empty());
}

}  // namespace
}  // namespace rolecall::secrets
