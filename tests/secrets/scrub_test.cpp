#include <gtest/gtest.h>

#include <string>

#include "secrets/base64.h"
#include "secrets/gzip.h"
#include "secrets/scan.h"
#include "secrets/scrub.h"
#include "secrets/scrub_line.h"
#include "support/encode.h"

namespace rolecall::secrets {
namespace {

using testing::base64;
using testing::gzip;

constexpr const char* kScrubId = "AKIALACI57K43PEADJ4S";
constexpr const char* kScrubOtherId = "ASIAFOGEMTSZTTQSPIEO";
constexpr const char* kScrubSecret = "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";
constexpr const char* kScrubToken =
    "FwoGZXIvYXdzESCHC7Q/avYjViRlZUTTeKMxyZ6p3nCShO5dAqUwYUE6wSI1mI1oVnHeiu15hxP9FedV71gZy/Ax4vpJDtUAV2eF435ztMfxv5HK"
    "FWUhQTbpkmKU1gIgD93P04LWWMwuIkPvsTm6J7kJLUw/cNQeDvUjS93FxCJCxF0N+9QRGbAJmCRIk5eaWPYuXPl8SUEnSFpIHJSwaUYQ0XT==";

bool scrub_covers_first(std::string_view id) { return id == kScrubId; }

ScrubResult scrub_ok(const std::string& raw) {
  auto r = scrub_user_data(base64(raw), "user-data", scrub_covers_first);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : ScrubResult{};
}

std::string scrub_decoded(const ScrubResult& r) {
  auto d = decode_base64(r.user_data);
  EXPECT_TRUE(d.has_value());
  return d.value_or("");
}

// Neither the secret, the token nor the full key id appear in anything a reviewer sees.
void expect_masked(const ScrubResult& r) {
  std::string shown = r.diff;
  for (const auto& l : r.removed) shown += l.masked + "\n";
  for (const auto& b : r.blocked) shown += b + "\n";
  EXPECT_EQ(shown.find(kScrubId), std::string::npos) << shown;
  EXPECT_EQ(shown.find(kScrubSecret), std::string::npos) << shown;
  EXPECT_EQ(shown.find(kScrubToken), std::string::npos) << shown;
  EXPECT_EQ(shown.find("AKIA\xE2\x80\xA6"
                       "ADJ4S"),
            std::string::npos);
}

TEST(ScrubUserData, ShellExportsRemovedOthersKept) {
  const std::string script =
      std::string("#!/bin/bash\nset -e\nexport AWS_ACCESS_KEY_ID=") + kScrubId + "\nexport AWS_SECRET_ACCESS_KEY=\"" +
      kScrubSecret + "\"\nexport AWS_SESSION_TOKEN=" + kScrubToken + "\naws s3 cp s3://bucket/app.tar.gz /opt/\n";
  const auto r = scrub_ok(script);
  ASSERT_TRUE(r.blocked.empty()) << r.blocked.front();
  EXPECT_EQ(scrub_decoded(r), "#!/bin/bash\nset -e\naws s3 cp s3://bucket/app.tar.gz /opt/\n");
  ASSERT_EQ(r.removed.size(), 3u);
  EXPECT_EQ(r.removed[0].line, 3u);
  EXPECT_EQ(r.removed[0].masked,
            "export AWS_ACCESS_KEY_ID=AKIA\xE2\x80\xA6"
            "DJ4S");
  EXPECT_EQ(r.removed[1].masked, "export AWS_SECRET_ACCESS_KEY=\"****\"");
  EXPECT_EQ(r.removed[2].masked, "export AWS_SESSION_TOKEN=****");
  EXPECT_NE(r.diff.find("@@ -1,6 +1,3 @@\n #!/bin/bash\n set -e\n-export AWS_ACCESS_KEY_ID=AKIA"), std::string::npos)
      << r.diff;
  EXPECT_NE(r.diff.find("\n aws s3 cp s3://bucket/app.tar.gz /opt/\n"), std::string::npos) << r.diff;
  expect_masked(r);
  // Nothing covered is left for the detectors.
  auto rescan = scan_user_data(r.user_data, "user-data");
  ASSERT_TRUE(rescan);
  EXPECT_TRUE(rescan->empty());
}

TEST(ScrubUserData, AwsConfigureSetAndEchoToCredentialsFile) {
  const std::string script = std::string("#!/bin/bash\naws configure set aws_access_key_id ") + kScrubId +
                             " --profile app\naws configure set aws_secret_access_key " + kScrubSecret +
                             " --profile app\nmkdir -p /root/.aws\necho \"[default]\" > /root/.aws/credentials\n"
                             "echo \"aws_access_key_id = " +
                             kScrubId + "\" >> /root/.aws/credentials\necho 'aws_secret_access_key=" + kScrubSecret +
                             "' | sudo tee -a /root/.aws/credentials > /dev/null\n";
  const auto r = scrub_ok(script);
  ASSERT_TRUE(r.blocked.empty()) << r.blocked.front();
  EXPECT_EQ(scrub_decoded(r), "#!/bin/bash\nmkdir -p /root/.aws\necho \"[default]\" > /root/.aws/credentials\n");
  EXPECT_EQ(r.removed.size(), 4u);
  expect_masked(r);
}

// A credentials file's two key lines ("NAME = VALUE", indented by `indent`) inside `before` ... `after`
// are removed and nothing else.
void expect_key_lines_removed(const std::string& before, const std::string& indent, const std::string& after) {
  const std::string raw = before + indent + "aws_access_key_id = " + kScrubId + "\n" + indent +
                          "aws_secret_access_key = " + kScrubSecret + "\n" + after;
  const auto r = scrub_ok(raw);
  ASSERT_TRUE(r.blocked.empty()) << r.blocked.front();
  EXPECT_EQ(scrub_decoded(r), before + after);
  EXPECT_EQ(r.removed.size(), 2u);
  expect_masked(r);
}

TEST(ScrubUserData, CredentialsFileHeredoc) {
  expect_key_lines_removed("#!/bin/sh\ncat > /home/app/.aws/credentials <<EOF\n[default]\n", "",
                           "region = eu-west-1\nEOF\nsystemctl start app\n");
}

TEST(ScrubUserData, CloudInitWriteFilesContent) {
  expect_key_lines_removed(
      "#cloud-config\nwrite_files:\n  - path: /root/.aws/credentials\n    permissions: '0600'\n    content: |\n"
      "      [default]\n",
      "      ", "runcmd:\n  - [systemctl, start, app]\n");
}

TEST(ScrubUserData, GzipRewrittenAsGzip) {
  const std::string script = std::string("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=") + kScrubId +
                             "\nexport AWS_SECRET_ACCESS_KEY=" + kScrubSecret + "\necho ready\n";
  auto r = scrub_user_data(base64(gzip(script)), "user-data", scrub_covers_first);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->blocked.empty()) << r->blocked.front();
  const std::string raw = scrub_decoded(*r);
  ASSERT_TRUE(is_gzip(raw));
  auto inflated = gunzip(raw, 1 << 20);
  ASSERT_TRUE(inflated);
  EXPECT_EQ(*inflated, "#!/bin/bash\necho ready\n");
  EXPECT_EQ(r->removed.front().layer, "user-data > gzip");
  EXPECT_NE(r->diff.find("--- user-data > gzip (old)"), std::string::npos);
}

TEST(ScrubUserData, MimeMultipartPartsAndBase64Part) {
  const std::string shell = std::string("#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=") + kScrubSecret +
                            "\nexport AWS_ACCESS_KEY_ID=" + kScrubId + "\n/opt/app/start\n";
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"XYZ\"\nMIME-Version: 1.0\n\n--XYZ\n"
      "Content-Type: text/cloud-config\n\n#cloud-config\npackages: [jq]\n\n--XYZ\n"
      "Content-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n" +
      base64(shell) + "\n--XYZ--\n";
  const auto r = scrub_ok(mime);
  ASSERT_TRUE(r.blocked.empty()) << r.blocked.front();
  const std::string out = scrub_decoded(r);
  EXPECT_NE(out.find("#cloud-config\npackages: [jq]\n"), std::string::npos);
  EXPECT_NE(out.find("Content-Transfer-Encoding: base64\n\n" + base64("#!/bin/bash\n/opt/app/start\n")),
            std::string::npos)
      << out;
  ASSERT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.removed[0].layer, "user-data > part 2 (text/x-shellscript)");
  auto rescan = scan_user_data(r.user_data, "user-data");
  ASSERT_TRUE(rescan);
  EXPECT_TRUE(rescan->empty());
}

// Found by fuzz/user_data_fuzz.cpp: a MIME header line and no body.
TEST(ScrubUserData, MimeHeadersWithoutABodyAreKept) {
  const std::string raw = std::string("MIME-Version: 1.0 AWS_ACCESS_KEY_ID=") + kScrubId + "\n";
  const auto r = scrub_ok(raw);
  EXPECT_TRUE(r.removed.empty());
  ASSERT_EQ(r.blocked.size(), 1u);  // a header is not a line rolecall rewrites
  EXPECT_NE(r.blocked.front().find("remove it by hand"), std::string::npos) << r.blocked.front();
  EXPECT_TRUE(r.user_data.empty());
}

TEST(ScrubUserData, RefusesALineThatDoesMore) {
  const std::string script = std::string("#!/bin/bash\nAWS_ACCESS_KEY_ID=") + kScrubId +
                             " AWS_SECRET_ACCESS_KEY=" + kScrubSecret + " aws s3 sync s3://b /data\n";
  const auto r = scrub_ok(script);
  ASSERT_FALSE(r.blocked.empty());
  EXPECT_TRUE(r.user_data.empty());
  EXPECT_NE(r.blocked.front().find("user-data > line 2: the line does more than set the credential"), std::string::npos)
      << r.blocked.front();
  expect_masked(r);
}

TEST(ScrubUserData, RefusesAContinuedLine) {
  const std::string script =
      std::string("#!/bin/bash\ndocker run \\\n  -e AWS_ACCESS_KEY_ID=") + kScrubId + " \\\n  app:latest\n";
  const auto r = scrub_ok(script);
  ASSERT_EQ(r.blocked.size(), 1u);
  EXPECT_NE(r.blocked.front().find("line 3: the line is continued"), std::string::npos) << r.blocked.front();
}

TEST(ScrubUserData, WriteFilesBase64AndGzipContentRewritten) {
  const std::string file = std::string("[default]\naws_access_key_id = ") + kScrubId +
                           "\naws_secret_access_key = " + kScrubSecret + "\nregion = eu-west-1\n";
  const std::string config =
      "#cloud-config\nwrite_files:\n  - path: /root/.aws/credentials\n    encoding: b64\n"
      "    content: " +
      base64(file) + "\n  - encoding: gz+b64\n    path: /etc/app.env\n    content: |\n      " +
      base64(gzip(std::string("AWS_ACCESS_KEY_ID=") + kScrubId + "\nMODE=prod\n")) +
      "\nruncmd:\n  - [systemctl, start, app]\n";
  const auto r = scrub_ok(config);
  ASSERT_TRUE(r.blocked.empty()) << r.blocked.front();
  ASSERT_EQ(r.removed.size(), 3u);
  EXPECT_EQ(r.removed[0].layer, "user-data > write_files[0] /root/.aws/credentials (b64)");
  EXPECT_EQ(r.removed[2].layer, "user-data > write_files[1] /etc/app.env (gz+b64) > gzip");
  const std::string out = scrub_decoded(r);
  EXPECT_NE(out.find("    content: \"" + base64("[default]\nregion = eu-west-1\n") + "\"\n  - encoding: gz+b64"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\nruncmd:\n  - [systemctl, start, app]\n"), std::string::npos) << out;
  auto rescan = scan_user_data(r.user_data, "user-data");
  ASSERT_TRUE(rescan);
  EXPECT_TRUE(rescan->empty());
  expect_masked(r);
}

TEST(ScrubUserData, RefusesAnEncodingItCannotRewrite) {
  // A credentials file piped through `base64 -d`: found by the detectors, not rewritten.
  const std::string file = std::string("aws_access_key_id = ") + kScrubId + "\n";
  const std::string script = "#!/bin/bash\necho " + base64(file) + " | base64 -d > /root/.aws/credentials\n";
  const auto r = scrub_ok(script);
  ASSERT_EQ(r.blocked.size(), 1u);
  EXPECT_NE(r.blocked.front().find("user-data > base64 (line 2) > line 1"), std::string::npos) << r.blocked.front();
  EXPECT_NE(r.blocked.front().find("a layer rolecall does not rewrite"), std::string::npos);
  EXPECT_TRUE(r.user_data.empty());
}

TEST(ScrubUserData, RefusesAHugeLineWithoutReadingItAsACommand) {
  const std::string script =
      std::string("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=") + kScrubId + " #" + std::string(200000, 'x') + "\n";
  const auto r = scrub_ok(script);
  ASSERT_EQ(r.blocked.size(), 1u);
  EXPECT_NE(r.blocked.front().find("(a line of 200047 bytes, not shown)"), std::string::npos) << r.blocked.front();
}

TEST(ScrubUserData, LeavesKeysNotCovered) {
  const std::string script = std::string("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=") + kScrubOtherId +
                             "\nexport AWS_SECRET_ACCESS_KEY=" + kScrubSecret + "\n";
  const auto r = scrub_ok(script);
  EXPECT_TRUE(r.user_data.empty());
  EXPECT_TRUE(r.removed.empty());
  EXPECT_TRUE(r.blocked.empty());
}

TEST(ScrubUserData, UndecodableUserDataIsAnError) {
  auto r = scrub_user_data("not base64 !!", "user-data", scrub_covers_first);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ScrubLine, CredentialLineForms) {
  const std::string id = kScrubId;
  const std::string secret = kScrubSecret;
  for (const std::string& line :
       {"export AWS_ACCESS_KEY_ID=" + id, "  AWS_SECRET_ACCESS_KEY='" + secret + "'", "aws_access_key_id = " + id,
        "$env:AWS_ACCESS_KEY_ID = \"" + id + "\"", "setx AWS_SECRET_ACCESS_KEY " + secret + " /m",
        "- export AWS_ACCESS_KEY_ID=" + id, "  AWS_ACCESS_KEY_ID: " + id,
        "aws configure set default.aws_access_key_id " + id,
        "echo \"export AWS_ACCESS_KEY_ID=" + id + "\" >> /etc/profile.d/aws.sh",
        "Set-AWSCredential -AccessKey " + id + " -SecretKey " + secret + " -StoreAs default"}) {
    EXPECT_TRUE(is_credential_line(line)) << line;
  }
  for (const std::string& line :
       {"export AWS_ACCESS_KEY_ID=" + id + "; aws s3 ls", "AWS_ACCESS_KEY_ID=" + id + " aws s3 ls", "aws s3 ls # " + id,
        "export AWS_ACCESS_KEY_ID=$(cat /run/key) " + id, "curl -H 'X: " + id + "' url", "echo " + id,
        "docker run -e AWS_ACCESS_KEY_ID=" + id + " app",
        "Set-AWSCredential -AccessKey " + id + " -SecretKey " + secret + "; Get-S3Bucket"}) {
    EXPECT_FALSE(is_credential_line(line)) << line;
  }
}

TEST(ScrubLine, MaskLineHidesValues) {
  EXPECT_EQ(mask_line(std::string("export AWS_SECRET_ACCESS_KEY=") + kScrubSecret),
            "export AWS_SECRET_ACCESS_KEY=****");
  EXPECT_EQ(mask_line(std::string("id=") + kScrubId + ":" + kScrubSecret),
            "id=AKIA\xE2\x80\xA6"
            "DJ4S:****");
  EXPECT_EQ(mask_line("DB_PASSWORD=hunter2 ./run"), "DB_PASSWORD=**** ./run");
  EXPECT_EQ(mask_line("apt-get install -y nginx"), "apt-get install -y nginx");
  EXPECT_EQ(mask_line("cp /usr/local/bin/application /opt"), "cp /usr/local/bin/application /opt");
}

}  // namespace
}  // namespace rolecall::secrets
