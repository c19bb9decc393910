// S3 (REST-XML, path-style) serving the estate's trail log files (--trail-bucket): ListObjectsV2
// pages, prefixes, delimiters and URL encoding, GetObject's bytes, GetBucketLocation, S3's SigV4
// (signed payload hash or UNSIGNED-PAYLOAD), IAM authorization on the bucket and object ARNs, and
// S3's bare <Error> for NoSuchBucket, NoSuchKey and AccessDenied.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "emulator/services/s3/buckets.h"
#include "fixture.h"
#include "support/temp_dir.h"

namespace rolecall::testing {
namespace {

using nlohmann::json;

class S3 : public EmulatorTest {
 public:
  void SetUp() override {
    json estate = test_estate();
    account_ = estate["accounts"][0]["id"];
    // Three events in two regions of the first account, days apart: three trail files.
    auto event = [&](const char* id, const char* region, int days_ago) {
      return json{{"id", id},
                  {"region", region},
                  {"time", {{"days_ago", days_ago}}},
                  {"event_name", "GetObject"},
                  {"event_source", "s3.amazonaws.com"},
                  {"access_key_id", admin_identity().key},
                  {"user_identity",
                   {{"type", "IAMUser"}, {"user_name", "admin"}, {"arn", "arn:aws:iam::" + account_ + ":user/admin"}}},
                  {"source_ip", "3.3.3.3"}};
    };
    estate["accounts"][0]["cloudtrail_events"] = {event("ev-1", "us-east-1", 3), event("ev-2", "us-east-1", 40),
                                                  event("ev-3", "eu-west-1", 5)};
    emulator::EmulatorOptions options;
    options.estate = estate;
    options.trail_bucket = "org-trail";
    start(options);
  }
  std::string account_;
};

TEST_F(S3, ListsTheTrailFilesInPagesWithPrefixesAndDelimiters) {
  Answer all = s3_get(admin_identity(), "/org-trail?list-type=2&prefix=AWSLogs%2F");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.xml.first_child().name(), std::string("ListBucketResult"));
  const auto keys = all.all("Key");
  ASSERT_EQ(keys.size(), 3u) << all.body;
  for (const auto& k : keys) EXPECT_TRUE(k.starts_with("AWSLogs/" + account_ + "/CloudTrail/")) << k;
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(all.find("IsTruncated"), "false");
  EXPECT_EQ(all.find("KeyCount"), "3");

  Answer first = s3_get(admin_identity(), "/org-trail?list-type=2&max-keys=2");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.all("Key").size(), 2u);
  EXPECT_EQ(first.find("IsTruncated"), "true");
  const std::string token = first.find("NextContinuationToken");
  ASSERT_FALSE(token.empty());
  Answer second = s3_get(
      admin_identity(), "/org-trail?list-type=2&max-keys=2&continuation-token=" + aws::sigv4::uri_encode(token, false));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.all("Key"), std::vector<std::string>{keys[2]});
  EXPECT_EQ(second.find("IsTruncated"), "false");
  Answer forged = s3_get(admin_identity(), "/org-trail?list-type=2&continuation-token=bm9wZQ");
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.code(), "InvalidArgument");

  Answer regions = s3_get(admin_identity(), "/org-trail?list-type=2&delimiter=%2F&prefix=AWSLogs%2F" + account_ +
                                                "%2FCloudTrail%2F&encoding-type=url");
  ASSERT_EQ(regions.status, 200);
  EXPECT_TRUE(regions.all("Key").empty());
  EXPECT_EQ(regions.all("Prefix").size(), 3u) << regions.body;  // the listing's own prefix and two common ones
  EXPECT_NE(regions.body.find("<Prefix>AWSLogs/" + account_ + "/CloudTrail/eu-west-1/</Prefix>"), std::string::npos)
      << regions.body;
}

TEST_F(S3, GetObjectServesTheTrailFileBytes) {
  Answer list = s3_get(admin_identity(), "/org-trail?list-type=2");
  const std::string key = list.all("Key").at(0);
  Answer object = s3_get(admin_identity(), "/org-trail/" + key, "UNSIGNED-PAYLOAD");
  ASSERT_EQ(object.status, 200) << object.body;
  ASSERT_GE(object.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(object.body[0]), 0x1f) << "gzip, as delivered";
  EXPECT_EQ(list.all("Size").at(0), std::to_string(object.body.size()));
  Answer location = s3_get(admin_identity(), "/org-trail?location=");
  ASSERT_EQ(location.status, 200) << location.body;
  EXPECT_EQ(location.xml.first_child().name(), std::string("LocationConstraint"));
  EXPECT_EQ(std::string(location.xml.first_child().text().get()), "") << "us-east-1 is the empty constraint";
}

TEST_F(S3, ErrorsAreS3sOwn) {
  Answer no_bucket = s3_get(admin_identity(), "/other-bucket?list-type=2");
  EXPECT_EQ(no_bucket.status, 404);
  EXPECT_EQ(no_bucket.xml.first_child().name(), std::string("Error"));
  EXPECT_EQ(no_bucket.code(), "NoSuchBucket");
  EXPECT_FALSE(no_bucket.find("RequestId").empty());
  Answer no_key = s3_get(admin_identity(), "/org-trail/AWSLogs/nothing.json.gz");
  EXPECT_EQ(no_key.status, 404);
  EXPECT_EQ(no_key.code(), "NoSuchKey");
  // No identity policy allows it; another account's admin has no bucket policy granting it.
  for (const Identity& who : {nobody_identity(), dev_identity()}) {
    Answer denied = s3_get(who, "/org-trail?list-type=2");
    EXPECT_EQ(denied.status, 403) << who.key;
    EXPECT_EQ(denied.code(), "AccessDenied") << denied.body;
  }
  Identity forged = admin_identity();
  forged.secret = "wrong-secret-wrong-secret-wrong-secret00";
  Answer bad = s3_get(forged, "/org-trail?list-type=2");
  EXPECT_EQ(bad.status, 403);
  EXPECT_EQ(bad.code(), "SignatureDoesNotMatch");
  Answer unknown = s3_get(admin_identity(), "/org-trail?acl=");
  EXPECT_EQ(unknown.status, 405);
  EXPECT_EQ(unknown.code(), "MethodNotAllowed");
}

// --bucket-dir NAME=DIR: every file under DIR an object keyed by its relative path, its exact bytes.
TEST(S3BucketDir, ServesADirectoryAsABucket) {
  TempDir dir("rolecall-s3-bucket-dir");
  std::filesystem::create_directories(dir / "AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01");
  const std::string bytes("\x1f\x8b binary \0 bytes", 18);
  std::ofstream(dir / "AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/a.json.gz", std::ios::binary) << bytes;
  std::ofstream(dir / "top.json") << "{}";
  auto bucket = emulator::s3::directory_bucket("bench-trail", dir.string(), {});
  ASSERT_TRUE(bucket) << bucket.error().message;
  ASSERT_EQ(bucket->objects.size(), 2u);
  EXPECT_EQ(bucket->objects.at("AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/01/a.json.gz").body, bytes);
  EXPECT_EQ(bucket->objects.at("top.json").body, "{}");
  auto missing = emulator::s3::directory_bucket("bench-trail", (dir / "nowhere").string(), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kIo);
  EXPECT_NE(missing.error().message.find("nowhere"), std::string::npos);
  auto bad_name = emulator::s3::directory_bucket("Bad_Name", dir.string(), {});
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace rolecall::testing
