// inventory::list_trail_files, read_trail_files and collect_trail_evidence: the walk of an
// `aws s3 sync` directory, the aggregation into KeyUse records (as the live lookups aggregate),
// the 90-day window, and failed files counted and named, never fatal to the others.
#include "inventory/trail_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/iso8601.h"
#include "support/encode.h"
#include "support/fake_env.h"

namespace rolecall::inventory {
namespace {

using nlohmann::json;

constexpr const char* kTrailRoot = "/logs/AWSLogs/111111111111/CloudTrail";
constexpr const char* kKeyA = "AKIAAAAAAAAAAAAAAAAA";
constexpr const char* kKeyB = "AKIABBBBBBBBBBBBBBBB";

json trail_record(const std::string& key, const std::string& ip, const std::string& time, const std::string& name,
           const std::string& region = "eu-west-1", const std::string& agent = "aws-cli/2") {
  json r = {{"userIdentity", {{"type", "IAMUser"}, {"accessKeyId", key}, {"userName", "deploy"}}},
            {"eventTime", time},
            {"eventName", name},
            {"awsRegion", region},
            {"sourceIPAddress", ip},
            {"userAgent", agent},
            {"recipientAccountId", "111111111111"}};
  return r;
}

std::string gz_file(const std::vector<json>& records) { return testing::gzip(json{{"Records", records}}.dump()); }

TrailFilesOptions options_at(const std::string& now, unsigned threads = 2) {
  TrailFilesOptions o;
  o.dir = "/logs";
  o.now = *base::parse_iso8601(now);
  o.threads = threads;
  return o;
}

TEST(TrailFiles, ListsLogFilesRecursivelyAndSkipsDigests) {
  testing::FakeEnv env;
  env.add_file(std::string(kTrailRoot) + "/eu-west-1/2026/11/30/a.json.gz", "x");
  env.add_file(std::string(kTrailRoot) + "/us-east-1/2026/11/30/b.json", "x");
  env.add_file(std::string(kTrailRoot) + "/us-east-1/2026/11/30/notes.txt", "x");
  env.add_file("/logs/AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/30/d.json.gz", "x");
  auto files = list_trail_files(env, "/logs");
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(*files, (std::vector<std::string>{std::string(kTrailRoot) + "/eu-west-1/2026/11/30/a.json.gz",
                                              std::string(kTrailRoot) + "/us-east-1/2026/11/30/b.json"}));
  auto missing = list_trail_files(env, "/nowhere");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(missing.error().message.find("/nowhere"), std::string::npos);
}

TEST(TrailFiles, AggregatesAsTheLiveLookupsDo) {
  testing::FakeEnv env;
  const std::string dir = std::string(kTrailRoot) + "/eu-west-1/2026/11/";
  env.add_file(dir + "29/one.json.gz",
               gz_file({trail_record(kKeyA, "54.1.2.3", "2026-11-29T10:00:00Z", "PutObject"),
                        trail_record(kKeyB, "54.9.9.9", "2026-11-29T11:00:00Z", "ListBuckets", "us-east-1")}));
  json through = trail_record(kKeyA, "10.0.0.7", "2026-11-30T09:00:00Z", "GetObject");
  through["vpcEndpointId"] = "vpce-1";
  env.add_file(dir + "30/two.json.gz",
               gz_file({trail_record(kKeyA, "54.1.2.3", "2026-11-30T08:00:00Z", "GetObject", "eu-west-1", "boto3/1"),
                        trail_record(kKeyA, "54.1.2.3", "2026-08-01T08:00:00Z", "GetObject"),  // past 90 days
                        trail_record(kKeyA, "54.1.2.3", "2026-12-02T08:00:00Z", "GetObject"),  // after now
                        through}));
  const std::vector<std::string> files = {dir + "29/one.json.gz", dir + "30/two.json.gz"};
  TrailFilesResult one = read_trail_files(env, files, options_at("2026-12-01T00:00:00Z", 1));
  TrailFilesResult four = read_trail_files(env, files, options_at("2026-12-01T00:00:00Z", 4));
  ASSERT_TRUE(one.failures.empty());
  const KeyEvidence& e = one.evidence;
  EXPECT_TRUE(e.collected);
  EXPECT_EQ(e.source, EvidenceSource::kTrailFiles);
  EXPECT_EQ(e.trail_files, 2u);
  EXPECT_EQ(e.failed_files, 0u);
  EXPECT_EQ(e.keys_looked_up, 2u);
  EXPECT_EQ(e.first_event, "2026-11-29T10:00:00Z");
  EXPECT_EQ(e.last_event, "2026-11-30T09:00:00Z");
  ASSERT_EQ(e.uses.size(), 3u);
  // Sorted by key, region, source, endpoint (as text).
  EXPECT_EQ(e.uses[0].source_ip, "10.0.0.7");
  EXPECT_EQ(e.uses[0].vpc_endpoint_id, "vpce-1");
  const KeyUse& direct = e.uses[1];
  EXPECT_EQ(direct.key_id, kKeyA);
  EXPECT_EQ(direct.source_ip, "54.1.2.3");
  EXPECT_EQ(direct.owner_account, "111111111111");
  EXPECT_EQ(direct.user, "deploy");
  EXPECT_EQ(direct.events, 2u);
  EXPECT_EQ(direct.first_seen, "2026-11-29T10:00:00Z");
  EXPECT_EQ(direct.last_seen, "2026-11-30T08:00:00Z");
  EXPECT_EQ(direct.event_names, (std::vector<std::string>{"GetObject", "PutObject"}));
  EXPECT_EQ(direct.user_agents, (std::vector<std::string>{"aws-cli/2", "boto3/1"}));
  EXPECT_EQ(e.uses[2].key_id, kKeyB);
  EXPECT_EQ(e.uses[2].region, "us-east-1");
  // The thread count changes nothing.
  ASSERT_EQ(four.evidence.uses.size(), e.uses.size());
  for (std::size_t i = 0; i < e.uses.size(); ++i) {
    EXPECT_EQ(four.evidence.uses[i].key_id, e.uses[i].key_id);
    EXPECT_EQ(four.evidence.uses[i].source_ip, e.uses[i].source_ip);
    EXPECT_EQ(four.evidence.uses[i].events, e.uses[i].events);
    EXPECT_EQ(four.evidence.uses[i].event_names, e.uses[i].event_names);
    EXPECT_EQ(four.evidence.uses[i].first_seen, e.uses[i].first_seen);
  }
}

TEST(TrailFiles, AFailedFileIsCountedAndNamedTheOthersStillCount) {
  testing::FakeEnv env;
  const std::string dir = std::string(kTrailRoot) + "/eu-west-1/2026/11/30/";
  const std::string good = gz_file({trail_record(kKeyA, "54.1.2.3", "2026-11-30T10:00:00Z", "GetObject")});
  env.add_file(dir + "a.json.gz", good);
  env.add_file(dir + "b.json.gz", good.substr(0, good.size() / 2));
  env.add_file(dir + "c.json", R"({"not":"cloudtrail"})");
  env.add_file(dir + "d.json.gz", good);
  env.make_unreadable(dir + "d.json.gz");
  Inventory inventory;
  ASSERT_TRUE(collect_trail_evidence(env, options_at("2026-12-01T00:00:00Z"), inventory));
  const KeyEvidence& e = inventory.key_evidence;
  EXPECT_EQ(e.trail_files, 1u);
  EXPECT_EQ(e.failed_files, 3u);
  ASSERT_EQ(e.uses.size(), 1u);
  EXPECT_EQ(e.uses[0].events, 1u);
  ASSERT_EQ(inventory.scope_errors.size(), 3u);
  EXPECT_EQ(inventory.scope_errors[0].error.kind, ErrorKind::kParse);
  EXPECT_EQ(inventory.scope_errors[0].error.message, "trail log file " + dir + "b.json.gz: truncated gzip data");
  EXPECT_NE(inventory.scope_errors[1].error.message.find(dir + "c.json: not a CloudTrail log file"), std::string::npos);
  EXPECT_EQ(inventory.scope_errors[2].error.kind, ErrorKind::kIo);
  EXPECT_NE(inventory.scope_errors[2].error.message.find(dir + "d.json.gz"), std::string::npos);
}

TEST(TrailFiles, ManyFailedFilesAreSummedUp) {
  testing::FakeEnv env;
  for (int i = 0; i < 13; ++i) env.add_file(fmt::format("/logs/bad{:02}.json", i), "{");
  Inventory inventory;
  ASSERT_TRUE(collect_trail_evidence(env, options_at("2026-12-01T00:00:00Z"), inventory));
  EXPECT_EQ(inventory.key_evidence.failed_files, 13u);
  ASSERT_EQ(inventory.scope_errors.size(), 11u);
  EXPECT_EQ(inventory.scope_errors.back().error.message,
            "3 more trail log files under /logs could not be read (the first: /logs/bad10.json)");
}

TEST(TrailFiles, NoFilesIsNoEvidenceButCollected) {
  testing::FakeEnv env;
  env.add_file("/logs/readme.txt", "x");
  Inventory inventory;
  ASSERT_TRUE(collect_trail_evidence(env, options_at("2026-12-01T00:00:00Z"), inventory));
  EXPECT_TRUE(inventory.key_evidence.collected);
  EXPECT_EQ(inventory.key_evidence.trail_files, 0u);
  EXPECT_TRUE(inventory.key_evidence.uses.empty());
}

}  // namespace
}  // namespace rolecall::inventory
