// Step 3 of a key migration (remediate/key_confirm.h): CloudTrail since the migration shows no call
// with the key and every instance calling through its role; a use, a silent instance or a failed
// lookup is said, never taken as confirmation.
#include "remediate/key_confirm.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws/http/curl_loop.h"
#include "base/iso8601.h"
#include "support/fake_aws_caller.h"

namespace rolecall::remediate {
namespace {

using rolecall::testing::FakeAwsCaller;
using namespace std::chrono_literals;

constexpr const char* kConfirmAccount = "111122223333";
constexpr const char* kConfirmKey = "AKIAQWERTYUIOPASDF23";

std::string events_page(const std::vector<std::tuple<std::string, std::string, std::string>>& events) {
  nlohmann::json list = nlohmann::json::array();
  int n = 0;
  for (const auto& [name, when, ip] : events) {
    nlohmann::json record = {{"userIdentity", {{"type", "IAMUser"}, {"userName", "deploy"}}},
                             {"awsRegion", "us-east-1"},
                             {"sourceIPAddress", ip}};
    list.push_back({{"EventId", "e" + std::to_string(++n)},
                    {"EventName", name},
                    {"EventTime", base::parse_iso8601(when)->time_since_epoch() / 1s},
                    {"Username", "deploy"},
                    {"CloudTrailEvent", record.dump()}});
  }
  return nlohmann::json{{"Events", list}}.dump();
}

struct KeyConfirmTest : ::testing::Test {
  FakeAwsCaller caller;
  aws::CurlLoop loop;
  Callers callers{{kConfirmAccount, &caller}};
  KeyToRetire key{kConfirmAccount, "deploy", "AKIA…DF23", "", "Active", {"i-a", "i-b"}, {}, ""};
  std::map<std::string, InstancePlace> places{{"i-a", {kConfirmAccount, "eu-west-1"}},
                                              {"i-b", {kConfirmAccount, "eu-west-1"}}};
  const std::chrono::system_clock::time_point since = *base::parse_iso8601("2026-12-01T00:00:00Z");
  KeyConfirmation ask() {
    return confirm_key_moved(loop, callers, key, kConfirmKey, places, {"eu-west-1", "us-east-1"}, since);
  }
};

TEST_F(KeyConfirmTest, NoUseAndEveryRoleSessionSeenIsAMove) {
  caller.reply(events_page({}));                                                   // the key, eu-west-1
  caller.reply(events_page({}));                                                   // the key, us-east-1
  caller.reply(events_page({{"GetObject", "2026-12-02T00:00:00Z", "54.0.0.1"}}));  // i-a's role session
  caller.reply(events_page({{"PutObject", "2026-12-02T01:00:00Z", "54.0.0.2"}}));  // i-b's
  auto said = ask();
  EXPECT_TRUE(said.moved()) << said.error << said.still_used;
  ASSERT_EQ(caller.calls.size(), 4u);
  // The key is asked for by its id, since the migration; the instances by their session name.
  EXPECT_NE(caller.calls[0].json_body.find(R"("AttributeKey":"AccessKeyId")"), std::string::npos)
      << caller.calls[0].json_body;
  EXPECT_NE(caller.calls[0].json_body.find(kConfirmKey), std::string::npos);
  EXPECT_NE(caller.calls[0].json_body.find(R"("StartTime":1796083200)"), std::string::npos)
      << caller.calls[0].json_body;
  EXPECT_NE(caller.calls[2].json_body.find(R"("AttributeValue":"i-a")"), std::string::npos)
      << caller.calls[2].json_body;
  EXPECT_NE(caller.calls[2].json_body.find(R"("AttributeKey":"Username")"), std::string::npos);
}

TEST_F(KeyConfirmTest, AUseSinceTheMigrationIsSaidWithTheLastCall) {
  caller.reply(events_page({}));
  caller.reply(events_page(
      {{"GetObject", "2026-12-02T00:00:00Z", "203.0.113.9"}, {"ListBuckets", "2026-12-03T00:00:00Z", "203.0.113.9"}}));
  caller.reply(events_page({{"GetObject", "2026-12-02T00:00:00Z", "54.0.0.1"}}));
  caller.reply(events_page({{"GetObject", "2026-12-02T00:00:00Z", "54.0.0.2"}}));
  auto said = ask();
  EXPECT_FALSE(said.moved());
  EXPECT_EQ(said.still_used,
            "2 call(s) with the key since the migration finished (2026-12-01T00:00:00Z), last 2026-12-03T00:00:00Z "
            "ListBuckets from 203.0.113.9 in us-east-1");
}

TEST_F(KeyConfirmTest, AnInstanceWithoutRoleCallsIsNotConfirmed) {
  caller.reply(events_page({}));
  caller.reply(events_page({}));
  caller.reply(events_page({{"GetObject", "2026-12-02T00:00:00Z", "54.0.0.1"}}));
  caller.reply(events_page({}));
  auto said = ask();
  EXPECT_FALSE(said.moved());
  EXPECT_EQ(said.still_used, "");
  EXPECT_EQ(said.silent_instances, std::vector<std::string>{"i-b"});
}

TEST_F(KeyConfirmTest, AFailedLookupConfirmsNothing) {
  caller.reply(events_page({}));
  caller.reply_json_error(400, R"({"__type":"AccessDeniedException","message":"not allowed"})");
  auto said = ask();
  EXPECT_FALSE(said.moved());
  EXPECT_NE(said.error.find("cloudtrail:LookupEvents in 111122223333/us-east-1"), std::string::npos) << said.error;
  Callers none;
  said = confirm_key_moved(loop, none, key, kConfirmKey, places, {"us-east-1"}, since);
  EXPECT_NE(said.error.find("no credentials reach account 111122223333"), std::string::npos) << said.error;
}

}  // namespace
}  // namespace rolecall::remediate
