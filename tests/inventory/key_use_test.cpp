// inventory::look_up_key_use: which keys and regions are read, the pacing of 2 requests/s per
// account and region after a burst of two, page order, aggregation and failures (on virtual time:
// nothing sleeps).
#include "inventory/key_use.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/protocol/errors.h"
#include "base/iso8601.h"
#include "support/fake_aws.h"

namespace rolecall::inventory {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

constexpr const char* kOwner = "111111111111";
constexpr const char* kUsed = "AKIAUSEDUSEDUSEDUSED";
constexpr const char* kOld = "AKIAOLDOLDOLDOLDOLDO";
constexpr const char* kGone = "AKIAGONEGONEGONEGONE";
constexpr const char* kForeign = "AKIAFOREIGNFOREIGNFO";
constexpr const char* kExtra = "AKIAEXTRAEXTRAEXTRAE";  // held by a user, found nowhere
const KeyUseOptions kFoundOnly{.pace = std::chrono::milliseconds(510), .window_days = 90, .all_users = false};

// One LookupEvents call as the fake saw it.
struct Seen {
  Steady::time_point at;
  std::string region;
  std::string key;
  std::string token;
};

// Answers LookupEvents from a script keyed by (region, key, token), through the loop like a network.
class KeyUseTrailCaller final : public aws::AwsCaller {
 public:
  explicit KeyUseTrailCaller(testing::FakeLoop& loop) : loop_(loop) {}
  std::map<std::tuple<std::string, std::string, std::string>, std::string> pages;  // -> body
  std::vector<Seen> seen;
  std::string denied_region;

  void call(aws::ServiceCall call, aws::ServiceCallback done) override {
    if (call.service == "iam") return answer_iam(call, std::move(done));
    const auto body = nlohmann::json::parse(call.json_body);
    const std::string key = body["LookupAttributes"][0]["AttributeValue"];
    const std::string token = body.value("NextToken", "");
    seen.push_back({loop_.clock().monotonic(), call.region, key, token});
    std::string answer = "{}";
    if (auto it = pages.find({call.region, key, token}); it != pages.end()) answer = it->second;
    const bool deny = call.region == denied_region;
    // A 200 ms round trip: the next request of a lane must not wait for it.
    loop_.schedule_after(200ms, [deny, answer, done = std::move(done)] {
      if (deny) {
        done(std::unexpected(aws::parse_json_error(
            400,
            R"({"__type":"AccessDeniedException","message":"not authorized to perform cloudtrail:LookupEvents"})")));
      } else {
        done(aws::ServiceResponse{200, answer, "req"});
      }
    });
  }

 private:
  // One user, "deploy", holding kUsed (found at rest) and kExtra (not), used yesterday.
  void answer_iam(const aws::ServiceCall& call, aws::ServiceCallback done) {
    iam_actions.push_back(call.action);
    std::string body;
    if (call.action == "ListUsers") {
      body =
          "<ListUsersResponse><ListUsersResult><Users><member><UserName>deploy</UserName></member></Users>"
          "<IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>";
    } else if (call.action == "ListAccessKeys") {
      body =
          "<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata>"
          "<member><UserName>deploy</UserName><AccessKeyId>AKIAUSEDUSEDUSEDUSED</AccessKeyId><Status>Active</Status></"
          "member>"
          "<member><UserName>deploy</UserName><AccessKeyId>AKIAEXTRAEXTRAEXTRAE</AccessKeyId><Status>Active</Status></"
          "member>"
          "</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>";
    } else {
      body =
          "<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>deploy</UserName>"
          "<AccessKeyLastUsed><LastUsedDate>2026-11-30T00:00:00Z</LastUsedDate><ServiceName>s3</ServiceName>"
          "<Region>us-east-1</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>";
    }
    loop_.post([body, done = std::move(done)] { done(aws::ServiceResponse{200, body, "req"}); });
  }

  testing::FakeLoop& loop_;

 public:
  std::vector<std::string> iam_actions;
};

std::string event(const std::string& id, const std::string& name, const std::string& when, const std::string& ip,
                  const std::string& region) {
  nlohmann::json record = {{"userIdentity", {{"type", "IAMUser"}, {"userName", "deploy"}}},
                           {"awsRegion", region},
                           {"sourceIPAddress", ip},
                           {"userAgent", "aws-cli/2.15.0"}};
  nlohmann::json e = {{"EventId", id},
                      {"EventName", name},
                      {"EventTime", base::parse_iso8601(when)->time_since_epoch() / 1s},
                      {"Username", "deploy"},
                      {"CloudTrailEvent", record.dump()}};
  return e.dump();
}

struct KeyUseTest : ::testing::Test {
  testing::FakeLoop loop;
  KeyUseTrailCaller caller{loop};
  Inventory inventory;
  std::vector<AccountTarget> targets;
  const std::chrono::system_clock::time_point now = *base::parse_iso8601("2026-12-01T00:00:00Z");

  KeyUseTest() {
    for (const char* region : {"us-east-1", "eu-west-1"}) {
      RegionInventory r;
      r.account_id = kOwner;
      r.region = region;
      inventory.regions.push_back(r);
    }
    AccountTarget owner;
    owner.account_id = kOwner;
    owner.label = "owner";
    owner.caller = &caller;
    targets.push_back(owner);
    auto intel = [&](KeyState state, const std::string& last_used, bool in_scope = true) {
      KeyIntel k;
      k.state = state;
      k.owner_account = in_scope ? kOwner : "999999999999";
      k.in_scope = in_scope;
      k.user = "deploy";
      k.last_used = last_used;
      return k;
    };
    inventory.key_intel[kUsed] = intel(KeyState::kActive, "2026-11-30T00:00:00Z");
    inventory.key_intel[kOld] = intel(KeyState::kInactive, "2026-01-01T00:00:00Z");  // before the window
    inventory.key_intel[kGone] = intel(KeyState::kDeleted, "");                      // unknown use: read
    inventory.key_intel[kForeign] = intel(KeyState::kForeign, "", false);
  }
};

TEST_F(KeyUseTest, ReadsInScopeKeysInEveryRegionPacedPerLaneAndPagesInOrder) {
  caller.pages[{"us-east-1", kUsed, ""}] =
      R"({"Events":[)" + event("e1", "GetObject", "2026-11-30T00:00:00Z", "54.0.0.1", "us-east-1") + "," +
      event("e2", "PutObject", "2026-11-20T00:00:00Z", "54.0.0.1", "us-east-1") + R"(],"NextToken":"p2"})";
  caller.pages[{"us-east-1", kUsed, "p2"}] =
      R"({"Events":[)" + event("e3", "GetObject", "2026-10-01T00:00:00Z", "54.0.0.1", "us-east-1") + "," +
      event("e4", "ListBuckets", "2026-10-02T00:00:00Z", "203.0.113.7", "us-east-1") + "]}";
  const Steady::time_point start = loop.clock().monotonic();
  look_up_key_use(loop, targets, now, inventory, kFoundOnly);

  const KeyEvidence& evidence = inventory.key_evidence;
  EXPECT_TRUE(evidence.collected);
  EXPECT_EQ(evidence.keys_looked_up, 2u);  // kUsed and kGone; kOld unused in the window, kForeign not ours
  EXPECT_EQ(evidence.keys_skipped, 1u);
  EXPECT_EQ(evidence.failed_lookups, 0u);
  ASSERT_EQ(caller.seen.size(), 5u);  // kUsed: 2 pages in us-east-1, 1 in eu-west-1; kGone: 1 in each
  std::map<std::string, std::vector<Seen>> lanes;
  for (const auto& s : caller.seen) lanes[s.region].push_back(s);
  for (const auto& [region, calls] : lanes) {
    EXPECT_EQ(calls.front().at, start) << region << ": every lane starts at once";
    EXPECT_EQ(calls.at(1).at, start) << region << ": with a burst of two";
    for (std::size_t i = 2; i < calls.size(); ++i) {
      EXPECT_GE(calls[i].at - calls[i - 1].at, 510ms) << region << " call " << i;
      EXPECT_LT(calls[i].at - calls[i - 1].at, 520ms) << region << " call " << i << ": no idle beyond the pace";
    }
  }
  // The second page of a key comes before the next key's first (its token may expire).
  ASSERT_EQ(lanes["us-east-1"].size(), 3u);
  EXPECT_EQ(lanes["us-east-1"][0].key, kGone);  // keys in id order: AKIAG... < AKIAU...
  EXPECT_EQ(lanes["us-east-1"][1].key, kUsed);
  EXPECT_EQ(lanes["us-east-1"][2].token, "p2");

  ASSERT_EQ(evidence.uses.size(), 2u);  // by key, region, source
  const KeyUse& from_instance = evidence.uses[1].source_ip == "54.0.0.1" ? evidence.uses[1] : evidence.uses[0];
  const KeyUse& outside = evidence.uses[1].source_ip == "54.0.0.1" ? evidence.uses[0] : evidence.uses[1];
  EXPECT_EQ(from_instance.key_id, kUsed);
  EXPECT_EQ(from_instance.owner_account, kOwner);
  EXPECT_EQ(from_instance.user, "deploy");
  EXPECT_EQ(from_instance.events, 3u);
  EXPECT_EQ(from_instance.first_seen, "2026-10-01T00:00:00Z");
  EXPECT_EQ(from_instance.last_seen, "2026-11-30T00:00:00Z");
  EXPECT_EQ(from_instance.event_names, (std::vector<std::string>{"GetObject", "PutObject"}));
  EXPECT_EQ(from_instance.user_agents, std::vector<std::string>{"aws-cli/2.15.0"});
  EXPECT_EQ(outside.source_ip, "203.0.113.7");
  EXPECT_EQ(outside.events, 1u);
  EXPECT_TRUE(inventory.scope_errors.empty());
}

TEST_F(KeyUseTest, AFailedRegionIsAScopeErrorNamingTheRedactedKeys) {
  caller.denied_region = "eu-west-1";
  look_up_key_use(loop, targets, now, inventory, kFoundOnly);
  EXPECT_EQ(inventory.key_evidence.failed_lookups, 2u);
  ASSERT_EQ(inventory.scope_errors.size(), 1u);
  const ScopeError& e = inventory.scope_errors[0];
  EXPECT_EQ(e.account_id, kOwner);
  EXPECT_EQ(e.region, "eu-west-1");
  EXPECT_EQ(e.error.kind, ErrorKind::kAccessDenied);
  EXPECT_NE(e.error.message.find("2 key id(s)"), std::string::npos) << e.error.message;
  EXPECT_NE(e.error.message.find("cloudtrail:LookupEvents"), std::string::npos) << e.error.message;
  EXPECT_EQ(e.error.message.find(kUsed), std::string::npos) << "key ids are redacted";
  // Which keys' evidence is incomplete, for --least-privilege (full ids, never shown).
  EXPECT_EQ(inventory.key_evidence.failed_keys.size(), 2u);
  EXPECT_TRUE(std::is_sorted(inventory.key_evidence.failed_keys.begin(), inventory.key_evidence.failed_keys.end()));
}

TEST_F(KeyUseTest, AskedForAWindowEndingNow) {
  look_up_key_use(loop, targets, now, inventory, {.pace = 510ms, .window_days = 30, .all_users = false});
  EXPECT_EQ(inventory.key_evidence.window_days, 30);
  EXPECT_EQ(inventory.key_evidence.keys_skipped, 1u);  // kOld, last used in January
}

TEST_F(KeyUseTest, AlsoReadsKeysTheUsersHoldThatWereNotFoundAtRest) {
  look_up_key_use(loop, targets, now, inventory);
  EXPECT_EQ(caller.iam_actions, (std::vector<std::string>{"ListUsers", "ListAccessKeys", "GetAccessKeyLastUsed"}))
      << "the key found at rest is not asked about twice";
  EXPECT_EQ(inventory.key_evidence.keys_looked_up, 3u);  // kUsed, kGone and kExtra
  std::set<std::string> read;
  for (const auto& s : caller.seen) read.insert(s.key);
  EXPECT_TRUE(read.contains(kExtra));
  EXPECT_EQ(inventory.key_intel.count(kExtra), 0u) << "key_intel stays the keys found at rest";
}

}  // namespace
}  // namespace rolecall::inventory
