// Each instance's metadata service (emulator/services/imds, --imds on): IMDSv2 tokens bound to the
// instance and required when its HttpTokens is "required", its identity, and its role's credentials:
// a role session named after the instance, whose calls CloudTrail records from the instance's own
// address, as AWS shows a workload on the instance.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.h"

namespace rolecall::testing {
namespace {

constexpr const char* kImdsWeb = "i-00000000000000a00";      // profile web (role web), running
constexpr const char* kImdsBare = "i-00000000000000a06";     // no profile
constexpr const char* kImdsStopped = "i-00000000000000a09";  // stopped

class Imds : public EmulatorTest {
 public:
  void SetUp() override {
    emulator::EmulatorOptions options;
    options.imds = true;
    options.record_calls = true;
    nlohmann::json estate = test_estate();
    for (auto& instance : estate["accounts"][0]["instances"]) {
      if (instance["id"] == kImdsWeb) instance["http_tokens"] = "required";
    }
    options.estate = estate;
    start(options);
  }
  std::string token(const std::string& instance, const std::string& ttl = "60") {
    Answer a =
        raw("PUT", "/_imds/" + instance + "/latest/api/token", "", {{"X-aws-ec2-metadata-token-ttl-seconds", ttl}});
    return a.status == 200 ? a.body : "";
  }
  Answer get(const std::string& instance, const std::string& path, const std::string& with_token) {
    httplib::Headers headers;
    if (!with_token.empty()) headers.emplace("X-aws-ec2-metadata-token", with_token);
    return raw("GET", "/_imds/" + instance + "/" + path, "", headers);
  }
};

TEST_F(Imds, TokensAreRequiredWhenTheInstanceSaysSoAndBoundToIt) {
  EXPECT_EQ(get(kImdsWeb, "latest/meta-data/instance-id", "").status, 401) << "HttpTokens required";
  const std::string t = token(kImdsWeb);
  ASSERT_FALSE(t.empty());
  Answer id = get(kImdsWeb, "latest/meta-data/instance-id", t);
  EXPECT_EQ(id.status, 200);
  EXPECT_EQ(id.body, kImdsWeb);
  EXPECT_EQ(get(kImdsBare, "latest/meta-data/instance-id", t).status, 401) << "another instance's token";
  EXPECT_EQ(get(kImdsBare, "latest/meta-data/instance-id", "").status, 200) << "HttpTokens optional: IMDSv1 works";
  EXPECT_EQ(get(kImdsWeb, "latest/meta-data/instance-id", "1.forged").status, 401);
  advance(std::chrono::seconds(61));
  EXPECT_EQ(get(kImdsWeb, "latest/meta-data/instance-id", t).status, 401) << "expired with its TTL";
  for (const char* bad : {"", "0", "21601", "ten"}) EXPECT_EQ(token(kImdsWeb, bad), "") << bad;
  EXPECT_EQ(token("i-00000000000000fff"), "") << "no such instance";
  EXPECT_EQ(get(kImdsStopped, "latest/meta-data/instance-id", "").status, 404) << "a stopped instance serves nothing";
}

TEST_F(Imds, TheRolesCredentialsAreASessionNamedAfterTheInstanceRecordedFromItsAddress) {
  const std::string t = token(kImdsWeb);
  Answer roles = get(kImdsWeb, "latest/meta-data/iam/security-credentials/", t);
  ASSERT_EQ(roles.status, 200);
  EXPECT_EQ(roles.body, "web");
  EXPECT_EQ(get(kImdsWeb, "latest/meta-data/iam/security-credentials/spare", t).status, 404) << "not its role";
  EXPECT_EQ(get(kImdsBare, "latest/meta-data/iam/security-credentials/", "").status, 404) << "no profile, no role";
  Answer info = get(kImdsWeb, "latest/meta-data/iam/info", t);
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(nlohmann::json::parse(info.body)["InstanceProfileArn"], "arn:aws:iam::111111111111:instance-profile/web");

  Answer creds = get(kImdsWeb, "latest/meta-data/iam/security-credentials/web", t);
  ASSERT_EQ(creds.status, 200) << creds.body;
  auto doc = nlohmann::json::parse(creds.body);
  EXPECT_EQ(doc["Code"], "Success");
  const Identity session{doc["AccessKeyId"], doc["SecretAccessKey"], doc["Token"]};
  EXPECT_TRUE(session.key.starts_with("ASIA"));
  Answer again = get(kImdsWeb, "latest/meta-data/iam/security-credentials/web", t);
  EXPECT_EQ(nlohmann::json::parse(again.body)["AccessKeyId"], session.key) << "the same until it nears expiry";

  Answer who = query(session, "sts", {{"Action", "GetCallerIdentity"}});
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(who.find("Arn"), std::string("arn:aws:sts::111111111111:assumed-role/web/") + kImdsWeb);

  // CloudTrail: the call comes from the instance (its egress address), as the role session it is.
  const nlohmann::json state = emu_->dump_state();
  std::string address, recorded;
  for (const auto& instance : state["accounts"][0]["instances"]) {
    if (instance["id"] == kImdsWeb) address = instance.value("public_ip", instance.value("private_ip", ""));
  }
  for (const auto& e : state["accounts"][0]["cloudtrail_events"]) {
    if (e["event_name"] == "GetCallerIdentity" && e["user_identity"].value("session_name", "") == kImdsWeb)
      recorded = e["source_ip"];
  }
  ASSERT_FALSE(address.empty());
  EXPECT_EQ(recorded, address);
}

TEST_F(Imds, OffByDefault) {
  start({});
  EXPECT_NE(get(kImdsBare, "latest/meta-data/instance-id", "").body, kImdsBare);
}

}  // namespace
}  // namespace rolecall::testing
