// user-data-no-keys (docs/checks/user-data-no-keys.md): PASS with no user data or no real credential
// in any decoded layer (documentation example keys are no leak); FAIL when a key id, secret key,
// session token or credentials-file block is found, with redacted evidence; ERROR when the user
// data could not be read or decoded (malformed, or beyond the limits that stop decompression bombs).
#include <gtest/gtest.h>

#include "support/encode.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

using testing::base64;
using testing::gzip;

constexpr const char* kUserDataNoKeysId = "user-data-no-keys";
constexpr const char* kUserDataKeyId = "AKIAQWERTYUIOPASDF23";  // what kKeysB64 holds
constexpr const char* kSecret = "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";

// The finding on a new instance "i-<name>" whose user data is `user_data` (base64).
Finding judge(Fixture& fx, const std::string& name, std::optional<std::string> user_data) {
  fx.add_instance("i-" + name, "app").user_data = std::move(user_data);
  return finding_on(findings_of(user_data_no_keys_check(), fx.inventory), kUserDataNoKeysId, "i-" + name);
}

TEST(UserDataNoKeys, FailsOnlyTheInstanceWithKeys) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&user_data_no_keys_check()});
  expect_verdicts(v, kUserDataNoKeysId, Status::kPass, {{"i-keys", Status::kFail}, {"i-udfail", Status::kError}});
}

TEST(UserDataNoKeys, EvidenceLocatesAndRedactsTheKeyAndNeverHoldsTheSecret) {
  Fixture fx;
  const auto findings = findings_of(user_data_no_keys_check(), fx.inventory);
  const Finding keys = finding_on(findings, kUserDataNoKeysId, "i-keys");
  EXPECT_EQ(keys.severity, Severity::kCritical);
  EXPECT_EQ(keys.evidence.key_id_redacted.substr(0, 4), "AKIA");
  EXPECT_EQ(keys.evidence.key_id_redacted, "AKIA\u2026DF23");  // first and last four characters
  EXPECT_EQ(keys.evidence.fingerprint.size(), 64u);
  EXPECT_EQ(keys.evidence.fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(keys.evidence.location.find("line"), std::string::npos) << keys.evidence.location;
  EXPECT_EQ(keys.evidence.location.rfind("user-data", 0), 0u) << keys.evidence.location;
  for (const auto& f : findings) {
    for (const std::string* text :
         {&f.message, &f.evidence.location, &f.evidence.detail, &f.evidence.key_id_redacted, &f.evidence.fingerprint}) {
      EXPECT_EQ(text->find(kUserDataKeyId), std::string::npos) << f.resource_id;
      EXPECT_EQ(text->find(kSecret), std::string::npos) << f.resource_id;
    }
  }
}

TEST(UserDataNoKeys, EveryKindOfCredentialFails) {
  const std::string token(
      "FwoGZXIvYXdzESCHC7Q/avYjViRlZUTTeKMxyZ6p3nCShO5dAqUwYUE6wSI1mI1oVnHeiu15hxP9FedV71gZy/Ax4vpJDtUAV2eF435ztMfxv5HK"
      "FWUhQTbpkmKU1gIgD93P04LWWMwuIkPvsTm6J7kJLUw/cNQeDvUjS93FxCJCxF0N+9QRGbAJmCRIk5eaWPYuXPl8SUEnSFpIHJSwaUYQ0XT==");
  const std::pair<const char*, std::string> scripts[] = {
      {"key-id", std::string("#!/bin/sh\nKEY=") + kUserDataKeyId + "\n"},
      {"secret", std::string("#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=") + kSecret + "\n"},
      {"token", "#!/bin/sh\nexport AWS_SESSION_TOKEN=" + token + "\n"},
      {"block",
       std::string("[ci]\naws_access_key_id = ") + kUserDataKeyId + "\naws_secret_access_key = " + kSecret + "\n"},
  };
  for (const auto& [name, script] : scripts) {
    Fixture fx;
    const Finding f = judge(fx, name, base64(script));
    EXPECT_EQ(f.status, Status::kFail) << name << ": " << f.message;
    EXPECT_EQ(f.evidence.fingerprint.size(), 64u) << name;
    EXPECT_EQ(f.message.find(token), std::string::npos) << name;
    EXPECT_EQ(f.message.find(kSecret), std::string::npos) << name;
  }
}

TEST(UserDataNoKeys, KeysAreFoundInEveryDecodedLayer) {
  const std::string script = std::string("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=") + kUserDataKeyId + "\n";
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/cloud-config\n\n#cloud-config\n"
      "--B\nContent-Type: text/x-shellscript\n\n" +
      script + "--B--\n";
  Fixture fx;
  const Finding gzipped = judge(fx, "gzip", base64(gzip(script)));
  EXPECT_EQ(gzipped.status, Status::kFail);
  EXPECT_EQ(gzipped.evidence.location, "user-data > gzip > line 2");
  const Finding multipart = judge(fx, "mime", base64(mime));
  EXPECT_EQ(multipart.status, Status::kFail);
  EXPECT_NE(multipart.evidence.location.find("part 2"), std::string::npos) << multipart.evidence.location;
}

TEST(UserDataNoKeys, DocumentationExampleKeysAreNoLeak) {
  Fixture fx;
  const Finding f = judge(fx, "doc-example",
                          base64("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                 "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));
  EXPECT_EQ(f.status, Status::kPass) << f.message;
  EXPECT_TRUE(f.evidence.key_id_redacted.empty());
  EXPECT_EQ(judge(fx, "example-id", kExampleB64).status, Status::kPass);
}

TEST(UserDataNoKeys, NoUserDataPasses) {
  Fixture fx;
  const Finding f = judge(fx, "none", "");
  EXPECT_EQ(f.status, Status::kPass);
  EXPECT_EQ(f.message, "no user data");
}

TEST(UserDataNoKeys, UnreadableUncollectedOrUndecodableUserDataIsError) {
  Fixture fx;
  const Finding denied =
      finding_on(findings_of(user_data_no_keys_check(), fx.inventory), kUserDataNoKeysId, "i-udfail");
  EXPECT_EQ(denied.status, Status::kError);
  EXPECT_NE(denied.message.find("UnauthorizedOperation"), std::string::npos) << denied.message;
  EXPECT_EQ(judge(fx, "not-collected", std::nullopt).status, Status::kError);
  EXPECT_EQ(judge(fx, "not-base64", "#!/bin/bash\n").status, Status::kError);
  // Over the raw size limit (1 MiB of base64).
  EXPECT_EQ(judge(fx, "too-big", std::string((1u << 20) + 4, 'A')).status, Status::kError);
  // A decompression bomb: 17 MiB of zeros inflate past the 16 MiB budget.
  EXPECT_EQ(judge(fx, "bomb", base64(gzip(std::string(17u << 20, '\0'), 1))).status, Status::kError);
}

}  // namespace
}  // namespace rolecall::checks
