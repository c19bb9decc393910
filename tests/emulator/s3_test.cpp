// S3 (REST-XML, path-style) serving the estate's trail log files (--trail-bucket): ListObjectsV2
// pages, prefixes, delimiters and URL encoding, GetObject's bytes, GetBucketLocation, S3's SigV4
// (signed payload hash or UNSIGNED-PAYLOAD), IAM authorization on the bucket and object ARNs, and
// S3's bare <Error> for NoSuchBucket, NoSuchKey and AccessDenied; the sandbox's writes
// (CreateBucket, PutObject, HeadObject, DeleteObject) and their own body cap.
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

// --trail-out's files are --trail-bucket's objects byte for byte, however late they are written:
// event times are relative to one instant, so files cut a second apart differ (a CI failure).
TEST_F(S3, TrailFilesWrittenLaterEqualTheBucketsObjects) {
  advance(std::chrono::seconds(61));
  TempDir dir("rolecall-s3-trail-out");
  auto written = emu_->write_trail_files(dir.path().string());
  ASSERT_TRUE(written) << written.error().message;
  Answer list = s3_get(admin_identity(), "/org-trail?list-type=2");
  const auto keys = list.all("Key");
  ASSERT_EQ(keys.size(), *written);
  for (const auto& key : keys) {
    Answer object = s3_get(admin_identity(), "/org-trail/" + key, "UNSIGNED-PAYLOAD");
    ASSERT_EQ(object.status, 200) << object.body;
    std::ifstream file(dir / key, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes, object.body) << key;
  }
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

// The sandbox's writes: `aws s3 mb`, `aws s3 cp`, rolecall's --output-file s3://.
TEST_F(S3, CreatesBucketsAndWritesReadsAndDeletesObjects) {
  Answer made = s3_send(admin_identity(), "PUT", "/reports", "", "", "us-east-1");
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/reports", "", "", "us-east-1").status, 200)
      << "us-east-1 answers a repeated create of one's own bucket with success";
  Answer taken = s3_send(dev_identity(), "PUT", "/reports", "", "", "us-east-1");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.code(), "BucketAlreadyExists");
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/Bad_Name", "", "", "us-east-1").code(), "InvalidBucketName");
  EXPECT_EQ(s3_send(nobody_identity(), "PUT", "/nobodys", "", "", "us-east-1").code(), "AccessDenied");

  const std::string config =
      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
  ASSERT_EQ(s3_send(admin_identity(), "PUT", "/reports-eu", config, "application/xml", "eu-west-1").status, 200);
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/reports-eu", config, "application/xml", "eu-west-1").code(),
            "BucketAlreadyOwnedByYou");
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/reports-eu2", "", "", "eu-west-1").code(),
            "IllegalLocationConstraintException")
      << "a regional endpoint needs its constraint";
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/reports-eu3", "<nope", "", "eu-west-1").code(), "MalformedXML");
  Answer where = s3_get(admin_identity(), "/reports-eu?location=");
  EXPECT_EQ(std::string(where.xml.first_child().text().get()), "eu-west-1");

  const std::string report = R"({"findings":[]})";
  Answer put = s3_send(admin_identity(), "PUT", "/reports/scans/today.json?x-id=PutObject", report, "application/json",
                       "us-east-1");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_FALSE(put.etag.empty());
  Answer got = s3_get(admin_identity(), "/reports/scans/today.json");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, report);
  EXPECT_EQ(got.content_type, "application/json");
  EXPECT_EQ(got.etag, put.etag);
  Answer head = s3_send(admin_identity(), "HEAD", "/reports/scans/today.json", "", "", "us-east-1");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.content_length, std::to_string(report.size()));
  EXPECT_EQ(s3_get(admin_identity(), "/reports?list-type=2").all("Key"), std::vector<std::string>{"scans/today.json"});
  // Writes are authorized like reads: no identity policy, or another account's bucket.
  for (const Identity& who : {nobody_identity(), dev_identity()}) {
    EXPECT_EQ(s3_send(who, "PUT", "/reports/x.json", "{}", "application/json", "us-east-1").code(), "AccessDenied")
        << who.key;
    EXPECT_EQ(s3_send(who, "DELETE", "/reports/scans/today.json", "", "", "us-east-1").code(), "AccessDenied");
  }
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/no-such-bucket/x.json", "{}", "", "us-east-1").code(), "NoSuchBucket");
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/reports/x.json?acl=", "", "", "us-east-1").code(), "MethodNotAllowed");

  EXPECT_EQ(s3_send(admin_identity(), "DELETE", "/reports/scans/today.json", "", "", "us-east-1").status, 204);
  EXPECT_EQ(s3_get(admin_identity(), "/reports/scans/today.json").code(), "NoSuchKey");
  EXPECT_EQ(s3_send(admin_identity(), "DELETE", "/reports/scans/today.json", "", "", "us-east-1").status, 204)
      << "S3 answers 204 whether or not the key was there";
}

// S3 objects have a cap of their own: a PUT may carry more than a request body elsewhere may.
class S3Caps : public EmulatorTest {
 public:
  void SetUp() override {
    emulator::EmulatorOptions options;
    options.estate = test_estate();
    options.max_body_bytes = 64;
    options.max_object_bytes = 256;
    start(options);
  }
};

TEST_F(S3Caps, ObjectsAndRequestBodiesAreCappedApart) {
  ASSERT_EQ(s3_send(admin_identity(), "PUT", "/caps", "", "", "us-east-1").status, 200);
  EXPECT_EQ(s3_send(admin_identity(), "PUT", "/caps/ok", std::string(200, 'x'), "text/plain", "us-east-1").status, 200)
      << "over max_body_bytes, within max_object_bytes";
  Answer big = s3_send(admin_identity(), "PUT", "/caps/big", std::string(300, 'x'), "text/plain", "us-east-1");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.code(), "RequestEntityTooLarge");
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
