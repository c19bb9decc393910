// inventory::list_trail_files, read_trail_files and collect_trail_evidence: the walk of an
// `aws s3 sync` directory, the aggregation into KeyUse records (as the live lookups aggregate),
// the window (events outside it, files skipped by their path date), the accounts and regions the
// files cover, and failed files counted and named, never fatal to the others.
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
            {"eventSource", "s3.amazonaws.com"},
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
  o.window = trail_window_back(*base::parse_iso8601(now));
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

json session_record(const std::string& instance, const std::string& ip, const std::string& time) {
  json r = trail_record("ASIASESSIONSESSION01", ip, time, "GetObject");
  r["userIdentity"] = {{"type", "AssumedRole"},
                       {"arn", "arn:aws:sts::111111111111:assumed-role/app-role/" + instance},
                       {"accessKeyId", "ASIASESSIONSESSION01"}};
  return r;
}

TEST(TrailFiles, AggregatesInstanceRoleSessionsWithinTheWindow) {
  testing::FakeEnv env;
  const std::string dir = std::string(kTrailRoot) + "/eu-west-1/2026/11/";
  const std::string a = "i-0123456789abcdef0";
  const std::string b = "i-0fedcba9876543210";
  env.add_file(dir + "29/one.json.gz", gz_file({session_record(a, "54.1.2.3", "2026-11-29T10:00:00Z"),
                                                session_record(b, "54.1.2.4", "2026-11-29T10:30:00Z"),
                                                trail_record(kKeyA, "54.1.2.3", "2026-11-29T11:00:00Z", "GetObject")}));
  env.add_file(dir + "30/two.json.gz", gz_file({session_record(a, "54.1.2.3", "2026-11-30T10:00:00Z"),
                                                session_record(a, "54.1.2.3", "2026-08-01T10:00:00Z"),  // past 90 days
                                                session_record(a, "203.0.113.9", "2026-11-30T11:00:00Z")}));
  const std::vector<std::string> files = {dir + "29/one.json.gz", dir + "30/two.json.gz"};
  for (unsigned threads : {1u, 4u}) {
    TrailFilesResult r = read_trail_files(env, files, options_at("2026-12-01T00:00:00Z", threads));
    ASSERT_TRUE(r.failures.empty());
    const auto& sessions = r.evidence.role_sessions;
    ASSERT_EQ(sessions.size(), 3u) << threads;
    // Sorted by account, instance, role, region, source.
    EXPECT_EQ(sessions[0].instance_id, a);
    EXPECT_EQ(sessions[0].source_ip, "203.0.113.9");
    EXPECT_EQ(sessions[0].events, 1u);
    EXPECT_EQ(sessions[1].instance_id, a);
    EXPECT_EQ(sessions[1].role_name, "app-role");
    EXPECT_EQ(sessions[1].account, "111111111111");
    EXPECT_EQ(sessions[1].region, "eu-west-1");
    EXPECT_EQ(sessions[1].source_ip, "54.1.2.3");
    EXPECT_EQ(sessions[1].events, 2u);
    EXPECT_EQ(sessions[1].first_seen, "2026-11-29T10:00:00Z");
    EXPECT_EQ(sessions[1].last_seen, "2026-11-30T10:00:00Z");
    EXPECT_EQ(sessions[2].instance_id, b);
    // Sessions are not keys: only the long-term key was looked up.
    EXPECT_EQ(r.evidence.keys_looked_up, 1u);
    ASSERT_EQ(r.evidence.uses.size(), 1u);
  }
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
  // The IAM actions the calls needed, from eventSource and eventName (S3's ListBuckets is ListAllMyBuckets).
  EXPECT_EQ(direct.actions, (std::vector<std::string>{"s3:GetObject", "s3:PutObject"}));
  EXPECT_EQ(e.uses[2].actions, std::vector<std::string>{"s3:ListAllMyBuckets"});
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

// AWS's own file name: <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json.gz in its day's directory.
std::string aws_trail_path(const std::string& account, const std::string& region, const std::string& stamp) {
  return fmt::format("/logs/AWSLogs/{}/CloudTrail/{}/{}/{}/{}/{}_CloudTrail_{}_{}_abcdefghABCDEFGH.json.gz", account,
                     region, stamp.substr(0, 4), stamp.substr(4, 2), stamp.substr(6, 2), account, region, stamp);
}

TEST(TrailFiles, FilesOutsideTheWindowAreSkippedUnread) {
  testing::FakeEnv env;
  // Unreadable: reading one would be a failure, so a skipped one shows as no failure.
  const std::string old_file = aws_trail_path("111111111111", "eu-west-1", "20250301T1005Z");
  const std::string late_file = aws_trail_path("111111111111", "eu-west-1", "20261203T0005Z");
  const std::string next_day = aws_trail_path("111111111111", "eu-west-1", "20261202T0005Z");
  const std::string in_window = aws_trail_path("111111111111", "eu-west-1", "20261130T1005Z");
  for (const auto& f : {old_file, late_file, next_day}) {
    env.add_file(f, "x");
    env.make_unreadable(f);
  }
  env.add_file(in_window, gz_file({trail_record(kKeyA, "54.1.2.3", "2026-11-30T10:00:00Z", "GetObject")}));
  env.add_file("/logs/elsewhere/loose.json.gz",
               gz_file({trail_record(kKeyB, "54.1.2.4", "2026-11-30T10:00:00Z", "X")}));
  auto files = list_trail_files(env, "/logs");
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 5u);
  EXPECT_FALSE(trail_file_wanted(old_file, options_at("2026-12-01T00:00:00Z").window));
  EXPECT_TRUE(trail_file_wanted("/logs/elsewhere/loose.json.gz", options_at("2026-12-01T00:00:00Z").window))
      << "a file outside the layout has no date: it is read";
  TrailFilesResult read = read_trail_files(env, *files, options_at("2026-12-01T00:00:00Z"));
  // The day after the window may hold its last events (delivery delay): read; later and earlier ones are not.
  ASSERT_EQ(read.failures.size(), 1u);
  EXPECT_EQ(read.failures[0].path, next_day);
  EXPECT_EQ(read.evidence.skipped_files, 2u);
  EXPECT_EQ(read.evidence.trail_files, 2u);
  EXPECT_EQ(read.evidence.keys_looked_up, 2u);
  EXPECT_EQ(read.evidence.window_start, "2026-09-02T00:00:00Z");
  EXPECT_EQ(read.evidence.window_end, "2026-12-01T00:00:00Z");
}

TEST(TrailFiles, CoverageIsTheAccountsAndRegionsWithAFileDeliveredInTheWindow) {
  testing::FakeEnv env;
  const json r = trail_record(kKeyA, "54.1.2.3", "2026-11-30T10:00:00Z", "GetObject");
  env.add_file(aws_trail_path("111111111111", "eu-west-1", "20261130T1005Z"), gz_file({r}));
  env.add_file(aws_trail_path("111111111111", "eu-west-1", "20261101T0805Z"), gz_file({r}));
  // Org trail layout (AWSLogs/o-org/<account>/...), plain JSON.
  env.add_file("/logs/AWSLogs/o-abc123/222222222222/CloudTrail/us-east-1/2026/11/15/any-name.json",
               json{{"Records", {r}}}.dump());
  // No record: proves nothing. The day after the window: read, but delivered outside it.
  env.add_file(aws_trail_path("333333333333", "eu-west-1", "20261120T0005Z"), gz_file({}));
  env.add_file(aws_trail_path("444444444444", "eu-west-1", "20261201T0005Z"), gz_file({r}));
  Inventory inventory;
  ASSERT_TRUE(collect_trail_evidence(env, options_at("2026-12-01T00:00:00Z"), inventory));
  const auto& coverage = inventory.key_evidence.coverage;
  EXPECT_EQ(inventory.key_evidence.trail_files, 5u);
  ASSERT_EQ(coverage.size(), 2u);
  EXPECT_EQ(coverage[0].account, "111111111111");
  EXPECT_EQ(coverage[0].region, "eu-west-1");
  EXPECT_EQ(coverage[0].files, 2u);
  EXPECT_EQ(coverage[0].first_file, "2026-11-01T08:05:00Z");
  EXPECT_EQ(coverage[0].last_file, "2026-11-30T10:05:00Z");
  EXPECT_EQ(coverage[1].account, "222222222222");
  EXPECT_EQ(coverage[1].region, "us-east-1");
  EXPECT_EQ(coverage[1].first_file, "2026-11-15T00:00:00Z") << "a name without a time: its day";

  // The same files a year later with the default window: nothing read, nothing covered.
  Inventory later;
  ASSERT_TRUE(collect_trail_evidence(env, options_at("2027-12-01T00:00:00Z"), later));
  EXPECT_TRUE(later.key_evidence.coverage.empty());
  EXPECT_EQ(later.key_evidence.skipped_files, 5u);
  EXPECT_TRUE(later.key_evidence.uses.empty());
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
