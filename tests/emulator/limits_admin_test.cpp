#include <thread>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using LimitsAdmin = EmulatorTest;

TEST_F(LimitsAdmin, Ec2TokenBucketRunsDryAndRefills) {
  EmulatorOptions options;
  options.throttle = true;
  start(options);
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}}).status, 200) << i;
  Answer limited = query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}});
  EXPECT_EQ(limited.status, 503);
  EXPECT_EQ(limited.code(), "RequestLimitExceeded");
  // Buckets are per action: another API still has tokens.
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeLaunchTemplates"}}).status, 200);
  advance(std::chrono::seconds(1));  // refill 20/s
  for (int i = 0; i < 20; ++i) EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}}).status, 200);
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}}).status, 503);
}

TEST_F(LimitsAdmin, UnfilteredDescribeInstancesHasABucketOfItsOwn) {
  EmulatorOptions options;
  options.throttle = true;
  start(options);
  auto describe = [&](bool paged) {
    std::vector<std::pair<std::string, std::string>> params = {{"Action", "DescribeInstances"}};
    if (paged) params.emplace_back("MaxResults", "1000");
    return query(admin_identity(), "ec2", params);
  };
  for (int i = 0; i < 50; ++i) ASSERT_EQ(describe(false).status, 200) << i;
  EXPECT_EQ(describe(false).code(), "RequestLimitExceeded");  // 50 tokens
  // The paginated scan still has its own 100.
  for (int i = 0; i < 100; ++i) ASSERT_EQ(describe(true).status, 200) << i;
  EXPECT_EQ(describe(true).code(), "RequestLimitExceeded");
  advance(std::chrono::seconds(1));  // unfiltered refills 10/s
  for (int i = 0; i < 10; ++i) EXPECT_EQ(describe(false).status, 200) << i;
  EXPECT_EQ(describe(false).status, 503);
}

TEST_F(LimitsAdmin, IamThrottling) {
  EmulatorOptions options;
  options.throttle = true;
  start(options);
  int throttled = 0;
  for (int i = 0; i < 25; ++i) {
    Answer a = query(admin_identity(), "iam", {{"Action", "ListRoles"}});
    if (a.code() == "Throttling") {
      ++throttled;
      EXPECT_EQ(a.status, 400);
    }
  }
  EXPECT_EQ(throttled, 5);
}

std::vector<int> statuses(EmulatorTest& t, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(t.query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}}).status);
  return out;
}

TEST_F(LimitsAdmin, FaultsAreDeterministicBySeed) {
  EmulatorOptions options;
  options.faults = *parse_fault_spec("internal=0.3,unavailable=0.2,seed=7");
  start(options);
  auto first = statuses(*this, 40);
  start(options);
  auto second = statuses(*this, 40);
  EXPECT_EQ(first, second);
  EXPECT_NE(std::count(first.begin(), first.end(), 200), 0);
  EXPECT_NE(std::count(first.begin(), first.end(), 500), 0);
  EXPECT_NE(std::count(first.begin(), first.end(), 503), 0);
  options.faults.seed = 8;
  start(options);
  EXPECT_NE(statuses(*this, 40), first);
}

TEST_F(LimitsAdmin, ResetAndTruncateBreakTheResponse) {
  EmulatorOptions options;
  options.faults = *parse_fault_spec("reset=1");
  start(options);
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}}).status, 0);
  options.faults = *parse_fault_spec("truncate=1");
  start(options);
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}).status, 0);
}

TEST_F(LimitsAdmin, SlowBodiesStillArriveWhole) {
  EmulatorOptions options;
  options.faults = *parse_fault_spec("slow=1,slow_ms=20");
  start(options);
  Answer a = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.all("instanceId").size(), 12u);
}

TEST_F(LimitsAdmin, ConcurrentClientsSeeConsistentState) {
  // Four threads race to associate the same instance: exactly one wins, the rest see IncorrectState.
  std::vector<std::thread> threads;
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        Answer a = query(admin_identity(), "ec2",
                         {{"Action", "AssociateIamInstanceProfile"},
                          {"InstanceId", "i-00000000000000a07"},
                          {"IamInstanceProfile.Name", "web"}});
        if (a.status == 200)
          ++won;
        else if (a.code() == "IncorrectState")
          ++refused;
        EXPECT_EQ(query(reader_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "5"}}).status, 200);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 39);
}

TEST_F(LimitsAdmin, FaultAndLatencySpecsAreValidated) {
  EXPECT_FALSE(parse_fault_spec("internal=2").has_value());
  EXPECT_FALSE(parse_fault_spec("bogus=0.1").has_value());
  EXPECT_FALSE(parse_fault_spec("internal").has_value());
  EXPECT_FALSE(parse_fault_spec("internal=0.6,unavailable=0.6").has_value());
  auto spec = parse_fault_spec("internal=0.05,unavailable=0.02,reset=0.01,truncate=0.01,slow=0.01,slow_ms=50,seed=7");
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->seed, 7u);
  EXPECT_EQ(spec->slow_ms, 50);
  auto latency = parse_latency_spec("20:5");
  ASSERT_TRUE(latency.has_value());
  EXPECT_EQ(latency->mean_ms, 20);
  EXPECT_EQ(latency->jitter_ms, 5);
  EXPECT_FALSE(parse_latency_spec("x").has_value());
  EXPECT_FALSE(parse_latency_spec("-1").has_value());
}

TEST_F(LimitsAdmin, AdminApiIsDisabledWithoutToken) { EXPECT_EQ(raw("GET", "/_emulator/state", "").status, 404); }

TEST_F(LimitsAdmin, AdminTokenStateResetLoad) {
  EmulatorOptions options;
  options.admin_token = "s3cret";
  start(options);
  EXPECT_EQ(raw("GET", "/_emulator/state", "").status, 401);
  EXPECT_EQ(raw("GET", "/_emulator/state", "", {{"X-Emulator-Token", "wrong"}}).status, 401);
  httplib::Headers token{{"X-Emulator-Token", "s3cret"}};
  ASSERT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "AssociateIamInstanceProfile"},
                   {"InstanceId", "i-00000000000000a06"},
                   {"IamInstanceProfile.Name", "spare"}})
                .status,
            200);
  auto profile_of = [&](const nlohmann::json& state, const std::string& id) {
    for (const auto& in : state["accounts"][0]["instances"]) {
      if (in["id"] == id) return in["instance_profile"];
    }
    return nlohmann::json("missing");
  };
  Answer state = raw("GET", "/_emulator/state", "", token);
  ASSERT_EQ(state.status, 200);
  EXPECT_EQ(profile_of(nlohmann::json::parse(state.body), "i-00000000000000a06"), "spare");
  EXPECT_EQ(raw("POST", "/_emulator/reset", "", token).status, 200);
  EXPECT_EQ(profile_of(nlohmann::json::parse(raw("GET", "/_emulator/state", "", token).body), "i-00000000000000a06"),
            nullptr);
  Answer bad =
      raw("POST", "/_emulator/load", R"({"schema_version": 1, "regions": ["us-east-1"], "acounts": []})", token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("acounts"), std::string::npos);
  nlohmann::json small = test_estate();
  small["accounts"].erase(1);
  EXPECT_EQ(raw("POST", "/_emulator/load", small.dump(), token).status, 200);
  EXPECT_EQ(nlohmann::json::parse(raw("GET", "/_emulator/state", "", token).body)["accounts"].size(), 1u);
  // The dump reloads as is.
  EXPECT_TRUE(emu_->load_estate(emu_->dump_state()).has_value());
}

TEST_F(LimitsAdmin, CredentialsFile) {
  std::string text = emu_->credentials_file_text();
  EXPECT_TRUE(text.starts_with("[default]\naws_access_key_id = AKIAPRODADMIN0000001\n"));
  EXPECT_NE(text.find("[prod]"), std::string::npos);
  EXPECT_NE(text.find("[dev]\naws_access_key_id = AKIADEVADMIN00000001"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::emulator
