// The generator's CloudTrail events: every case docs/generator.md lists is present for a small
// seed, keys' last use is their newest event, and the truth's key_use sees exact and ambiguous use.
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "emulator/estate/estate_io.h"
#include "emulator/truth/truth.h"
#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

constexpr long long kWindow = 90LL * 24 * 60;  // minutes

bool outside(const std::string& ip) { return ip.starts_with("203.0.113.") || ip.starts_with("198.51.100."); }

class GeneratedTrail : public ::testing::Test {
 protected:
  void SetUp() override { generated_ = generate("accounts=2,regions=2,instances=300,seed=5"); }
  emulator::GeneratedEstate generated_;
};

TEST_F(GeneratedTrail, EveryKindOfUseIsThere) {
  int exact = 0, nat = 0, vpce = 0, outside_events = 0, old = 0, sessions = 0, deleted = 0, inactive_recent = 0,
      inactive_old = 0;
  std::set<std::string> event_ids;
  for (const auto& account : generated_.estate["accounts"]) {
    std::map<std::string, json> instances;
    for (const auto& in : account["instances"]) instances[in["id"]] = in;
    std::map<std::string, std::string> nat_of_subnet, nat_ip;
    for (const auto& gw : account["nat_gateways"]) nat_ip[gw["id"]] = gw["public_ip"];
    std::set<std::string> public_ips, nat_ips;
    for (const auto& [id, in] : instances)
      if (in.contains("public_ip") && in["public_ip"].is_string())
        public_ips.insert(in["public_ip"].get<std::string>());
    for (const auto& [id, ip] : nat_ip) nat_ips.insert(ip);
    std::map<std::string, std::string> key_status;
    for (const auto& user : account["users"])
      for (const auto& key : user["access_keys"]) key_status[key["id"]] = key["status"];
    ASSERT_TRUE(account.contains("cloudtrail_events"));
    for (const auto& e : account["cloudtrail_events"]) {
      EXPECT_TRUE(event_ids.insert(e["id"]).second) << e["id"];
      long long minutes = e["time"]["minutes_ago"];
      std::string ip = e["source_ip"];
      const json& who = e["user_identity"];
      EXPECT_EQ(who["arn"].get<std::string>().find(account["id"].get<std::string>()), 13u);  // the owner account
      if (e["event_source"] == "sts.amazonaws.com") {
        EXPECT_EQ(e["region"], "us-east-1");
      }
      if (who["type"] == "AssumedRole") {
        ++sessions;
        EXPECT_TRUE(e["access_key_id"].get<std::string>().starts_with("ASIA"));
        const json& in = instances.at(who["session_name"].get<std::string>());  // session name = instance id
        EXPECT_TRUE(ip == in.value("public_ip", json()) || nat_ips.contains(ip)) << ip;
        EXPECT_TRUE(who["arn"].get<std::string>().ends_with(":role/" + in["instance_profile"].get<std::string>()));
        continue;
      }
      std::string key = e["access_key_id"];
      if (minutes > kWindow) ++old;
      if (!key_status.contains(key)) {
        ++deleted;
        EXPECT_TRUE(who["user_name"].get<std::string>().starts_with("former-contractor-"));
      } else if (key_status[key] == "Inactive") {
        (minutes > kWindow ? inactive_old : inactive_recent)++;
      }
      if (e.contains("vpc_endpoint_id")) {
        ++vpce;
        EXPECT_TRUE(ip.starts_with("10.") || ip.starts_with("172.")) << ip;
      } else if (public_ips.contains(ip)) {
        ++exact;
      } else if (nat_ips.contains(ip)) {
        ++nat;
      } else {
        EXPECT_TRUE(outside(ip)) << ip;
        ++outside_events;
      }
      EXPECT_FALSE(e["user_agent"].get<std::string>().empty());
    }
  }
  EXPECT_GT(exact, 0);
  EXPECT_GT(nat, 0);
  EXPECT_GT(vpce, 0);
  EXPECT_GT(outside_events, 0);
  EXPECT_GT(old, 0);
  EXPECT_GT(sessions, 0);
  EXPECT_GT(deleted, 0);
  EXPECT_GT(inactive_old, 0);
  EXPECT_EQ(inactive_recent, 0);  // an inactive key has only old events
}

TEST_F(GeneratedTrail, LastUseIsTheNewestEventAndUnusedKeysHaveNone) {
  int never_used = 0;
  for (const auto& account : generated_.estate["accounts"]) {
    std::map<std::string, const json*> newest;
    for (const auto& e : account["cloudtrail_events"]) {
      auto& n = newest[e["access_key_id"]];
      if (!n || e["time"]["minutes_ago"] < (*n)["time"]["minutes_ago"]) n = &e;
    }
    for (const auto& user : account["users"]) {
      for (const auto& key : user["access_keys"]) {
        auto it = newest.find(key["id"]);
        if (it == newest.end()) {
          EXPECT_FALSE(key.contains("last_used")) << key["id"];
          ++never_used;
          continue;
        }
        const json& e = *it->second;
        ASSERT_TRUE(key.contains("last_used")) << key["id"];
        EXPECT_EQ(key["last_used"]["minutes_ago"], e["time"]["minutes_ago"]);
        EXPECT_EQ(key["last_used"]["region"], e["region"]);
        std::string source = e["event_source"];
        EXPECT_EQ(key["last_used"]["service"], source.substr(0, source.find('.')));
      }
    }
  }
  EXPECT_GT(never_used, 0);
}

TEST_F(GeneratedTrail, TruthFindsExactAndAmbiguousUseAndUseFromOutside) {
  auto estate = load_estate_json(generated_.estate);
  ASSERT_TRUE(estate) << estate.error().message;
  json truth = truth::compute_truth(*estate, 1, std::chrono::system_clock::now());
  std::map<std::string, int> by_confidence;
  std::size_t judged_instances = 0;
  for (const auto& account : generated_.estate["accounts"])
    for (const auto& in : account["instances"]) judged_instances += judged(in);
  ASSERT_EQ(truth["key_use"].size(), judged_instances);
  for (const auto& entry : truth["key_use"]) {
    ++by_confidence[entry["confidence"]];
    if (entry["status"] == "FAIL") {
      EXPECT_FALSE(entry["keys"].empty());
      for (const auto& k : entry["keys"]) EXPECT_NE(k.get<std::string>().find("\u2026"), std::string::npos) << k;
    }
  }
  EXPECT_GT(by_confidence["exact"], 0);
  EXPECT_GT(by_confidence["ambiguous"], 0);
  EXPECT_GT(by_confidence[""], 0);
  int from_outside = 0;
  for (const auto& k : truth["keys"]) from_outside += k["used_from_outside"].get<int>();
  EXPECT_GT(from_outside, 0);
}

}  // namespace
}  // namespace rolecall::emulator
