// inventory::collect_trail_evidence_s3: a trail's bucket listed page by page, its log files chosen
// by name and path date before any GetObject, fetched with a bounded number of bodies and parsed
// on several threads into the evidence a directory gives; a denied object or an unlistable bucket
// names the bucket and key and counts as a failed file.
#include "inventory/trail_s3.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/protocol/errors.h"
#include "base/iso8601.h"
#include "support/encode.h"
#include "support/fake_aws.h"

namespace rolecall::inventory {
namespace {

using nlohmann::json;

constexpr const char* kS3Key = "AKIAS3S3S3S3S3S3S3S3";

// A bucket answered inline: ListObjectsV2 in pages of `page_size`, GetObject by key, an error for
// keys in `denied`; every call recorded.
class BucketCaller final : public aws::AwsCaller {
 public:
  std::map<std::string, std::string> objects;
  std::map<std::string, std::string> denied;  // key -> S3 error code
  std::size_t page_size = 2;
  std::optional<Error> list_error;
  std::vector<aws::ServiceCall> calls;

  std::string location;  // GetBucketLocation's LocationConstraint; "" answers AccessDenied

  void call(aws::ServiceCall call, aws::ServiceCallback done) override {
    calls.push_back(call);
    if (call.action == "GetBucketLocation") {
      if (location.empty()) {
        return done(fail(aws::parse_query_error(403, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>")));
      }
      return done(aws::ServiceResponse{200, "<LocationConstraint>" + location + "</LocationConstraint>", "req"});
    }
    if (call.action == "ListObjectsV2") {
      if (list_error) return done(fail(*list_error));
      std::string prefix, token;
      for (const auto& [k, v] : call.rest_query) {
        if (k == "prefix") prefix = v;
        if (k == "continuation-token") token = v;
      }
      std::string body = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
      std::size_t listed = 0;
      std::string next;
      for (auto it = objects.lower_bound(token.empty() ? prefix : token); it != objects.end(); ++it) {
        if (!it->first.starts_with(prefix)) break;
        if (listed == page_size) {
          next = it->first;
          break;
        }
        body += fmt::format("<Contents><Key>{}</Key><Size>{}</Size></Contents>", it->first, it->second.size());
        ++listed;
      }
      body += fmt::format("<IsTruncated>{}</IsTruncated>", next.empty() ? "false" : "true");
      if (!next.empty()) body += "<NextContinuationToken>" + next + "</NextContinuationToken>";
      return done(aws::ServiceResponse{200, body + "</ListBucketResult>", "req"});
    }
    const std::string key = call.rest_path.substr(1);
    if (auto d = denied.find(key); d != denied.end()) {
      return done(fail(aws::parse_query_error(
          403, fmt::format("<Error><Code>{}</Code><Message>Access Denied</Message></Error>", d->second))));
    }
    done(aws::ServiceResponse{200, objects.at(key), "req"});
  }

  std::vector<std::string> fetched() const {
    std::vector<std::string> out;
    for (const auto& c : calls) {
      if (c.action == "GetObject") out.push_back(c.rest_path.substr(1));
    }
    return out;
  }
};

std::string s3_trail_key(const std::string& account, const std::string& region, const std::string& stamp) {
  return fmt::format("AWSLogs/{}/CloudTrail/{}/{}/{}/{}/{}_CloudTrail_{}_{}_abcdefghABCDEFGH.json.gz", account, region,
                     stamp.substr(0, 4), stamp.substr(4, 2), stamp.substr(6, 2), account, region, stamp);
}

std::string s3_trail_file(const std::string& ip, const std::string& time) {
  json r = {{"userIdentity", {{"type", "IAMUser"}, {"accessKeyId", kS3Key}, {"userName", "deploy"}}},
            {"eventTime", time},
            {"eventName", "GetObject"},
            {"awsRegion", "eu-west-1"},
            {"sourceIPAddress", ip},
            {"recipientAccountId", "111111111111"}};
  return testing::gzip(json{{"Records", {r}}}.dump());
}

TrailS3Options s3_options(const std::string& url) {
  TrailS3Options o;
  o.url = url;
  o.location = *aws::parse_s3_url(url, "--trail-logs");
  o.window = trail_window_back(*base::parse_iso8601("2026-12-01T00:00:00Z"));
  o.region = "eu-west-1";
  o.threads = 2;
  o.max_bodies = 2;
  return o;
}

TEST(TrailS3, ListsFiltersFetchesAndParsesLikeADirectory) {
  BucketCaller bucket;
  const std::string in_window_a = s3_trail_key("111111111111", "eu-west-1", "20261130T1005Z");
  const std::string in_window_b = s3_trail_key("111111111111", "eu-west-1", "20261120T1005Z");
  const std::string in_window_c = s3_trail_key("222222222222", "us-east-1", "20261110T1005Z");
  const std::string too_old = s3_trail_key("111111111111", "eu-west-1", "20250101T1005Z");
  bucket.objects[in_window_a] = s3_trail_file("54.1.2.3", "2026-11-30T10:00:00Z");
  bucket.objects[in_window_b] = s3_trail_file("54.1.2.3", "2026-11-20T10:00:00Z");
  bucket.objects[in_window_c] = s3_trail_file("54.9.9.9", "2026-11-10T10:00:00Z");
  bucket.objects[too_old] = "not even gzip";
  bucket.objects["AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2026/11/30/d.json.gz"] = "digest";
  bucket.objects["AWSLogs/111111111111/notes.txt"] = "x";
  testing::FakeLoop loop;
  Inventory inventory;
  collect_trail_evidence_s3(loop, bucket, s3_options("s3://org-trail/AWSLogs/"), inventory);
  // Three pages of two; only the wanted trail files fetched, in key order.
  EXPECT_EQ(std::count_if(bucket.calls.begin(), bucket.calls.end(),
                          [](const aws::ServiceCall& c) { return c.action == "ListObjectsV2"; }),
            3);
  auto fetched = bucket.fetched();
  std::sort(fetched.begin(), fetched.end());
  EXPECT_EQ(fetched, (std::vector<std::string>{in_window_b, in_window_a, in_window_c}));
  for (const auto& c : bucket.calls) {
    EXPECT_EQ(c.region, "eu-west-1");
    EXPECT_EQ(c.rest_bucket, "org-trail");
  }
  const KeyEvidence& e = inventory.key_evidence;
  EXPECT_TRUE(inventory.scope_errors.empty());
  EXPECT_EQ(e.source, EvidenceSource::kTrailFiles);
  EXPECT_EQ(e.trail_dir, "s3://org-trail/AWSLogs/");
  EXPECT_EQ(e.trail_files, 3u);
  EXPECT_EQ(e.skipped_files, 1u);
  EXPECT_EQ(e.failed_files, 0u);
  ASSERT_EQ(e.uses.size(), 2u);
  EXPECT_EQ(e.uses[0].source_ip, "54.1.2.3");
  EXPECT_EQ(e.uses[0].events, 2u);
  ASSERT_EQ(e.coverage.size(), 2u);
  EXPECT_EQ(e.coverage[0].account, "111111111111");
  EXPECT_EQ(e.coverage[0].files, 2u);
  EXPECT_EQ(e.coverage[1].region, "us-east-1");
}

TEST(TrailS3, ADeniedObjectIsAFailedFileNamingBucketAndKey) {
  BucketCaller bucket;
  const std::string good = s3_trail_key("111111111111", "eu-west-1", "20261130T1005Z");
  const std::string locked = s3_trail_key("111111111111", "eu-west-1", "20261129T1005Z");
  bucket.objects[good] = s3_trail_file("54.1.2.3", "2026-11-30T10:00:00Z");
  bucket.objects[locked] = "x";
  bucket.denied[locked] = "AccessDenied";
  testing::FakeLoop loop;
  Inventory inventory;
  collect_trail_evidence_s3(loop, bucket, s3_options("s3://org-trail"), inventory);
  EXPECT_EQ(inventory.key_evidence.trail_files, 1u);
  EXPECT_EQ(inventory.key_evidence.failed_files, 1u);
  ASSERT_EQ(inventory.scope_errors.size(), 1u);
  const Error& error = inventory.scope_errors[0].error;
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_NE(error.message.find("s3://org-trail/" + locked), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("s3:GetObject"), std::string::npos) << error.message;
}

TEST(TrailS3, ABucketThatCannotBeListedIsAFailureNamingIt) {
  BucketCaller bucket;
  bucket.list_error = Error::service(ErrorKind::kNotFound, "NoSuchBucket", "The specified bucket does not exist", 404);
  testing::FakeLoop loop;
  Inventory inventory;
  collect_trail_evidence_s3(loop, bucket, s3_options("s3://gone-bucket/AWSLogs"), inventory);
  EXPECT_TRUE(inventory.key_evidence.collected);
  EXPECT_EQ(inventory.key_evidence.failed_files, 1u);
  EXPECT_TRUE(inventory.key_evidence.coverage.empty());
  ASSERT_EQ(inventory.scope_errors.size(), 1u);
  EXPECT_EQ(inventory.scope_errors[0].error.code, "NoSuchBucket");
  EXPECT_NE(inventory.scope_errors[0].error.message.find("s3://gone-bucket/AWSLogs"), std::string::npos)
      << inventory.scope_errors[0].error.message;
}

TEST(TrailS3, TheBucketsRegionFromGetBucketLocationElseTheSessions) {
  for (const std::string located : {"eu-central-1", ""}) {
    BucketCaller bucket;
    bucket.location = located;
    bucket.objects[s3_trail_key("111111111111", "eu-west-1", "20261130T1005Z")] =
        s3_trail_file("54.1.2.3", "2026-11-30T10:00:00Z");
    TrailS3Options options = s3_options("s3://org-trail");
    options.region = "";
    options.home_region = "ap-southeast-2";
    testing::FakeLoop loop;
    Inventory inventory;
    collect_trail_evidence_s3(loop, bucket, options, inventory);
    ASSERT_GE(bucket.calls.size(), 3u);
    EXPECT_EQ(bucket.calls[0].action, "GetBucketLocation");
    EXPECT_EQ(bucket.calls[0].region, "us-east-1") << "us-east-1 answers for every bucket of the partition";
    const std::string want = located.empty() ? "ap-southeast-2" : located;
    for (std::size_t i = 1; i < bucket.calls.size(); ++i) EXPECT_EQ(bucket.calls[i].region, want) << located;
    EXPECT_EQ(inventory.key_evidence.trail_files, 1u);
  }
}

TEST(TrailS3, UrlsAndKeys) {
  auto whole = aws::parse_s3_url("s3://my.trail-bucket", "--trail-logs");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->bucket, "my.trail-bucket");
  EXPECT_EQ(whole->prefix, "");
  auto prefixed = aws::parse_s3_url("s3://trail/AWSLogs/o-abc/", "--trail-logs");
  ASSERT_TRUE(prefixed);
  EXPECT_EQ(prefixed->prefix, "AWSLogs/o-abc/");
  for (const char* bad : {"s3://", "s3://UPPER", "s3://a", "s3://-bucket/x", "/local/dir"}) {
    auto r = aws::parse_s3_url(bad, "--trail-logs");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(is_trail_object_key("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/01/x.json.gz"));
  EXPECT_TRUE(is_trail_object_key("prefix/AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2025/01/01/x.json"));
  EXPECT_FALSE(is_trail_object_key("AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2025/01/01/x.json.gz"));
  EXPECT_FALSE(is_trail_object_key("AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2025/01/01/x.json.gz"));
  EXPECT_FALSE(is_trail_object_key("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/01/x.txt"));
  EXPECT_FALSE(is_trail_object_key("logs/CloudTrail/x.json.gz"));
}

}  // namespace
}  // namespace rolecall::inventory
