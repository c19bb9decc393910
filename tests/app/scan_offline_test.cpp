// rolecall::scan_offline: the offline entry point selects, loads through the Env, filters regions,
// judges, times the run on the Env's clock and hands back what it judged.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "checks/registry.h"
#include "rolecall/scan.h"
#include "support/fake_env.h"
#include "support/paths.h"

namespace rolecall {
namespace {

// An in-memory Env holding the AWS CLI fixtures `names` under /in.
std::unique_ptr<testing::FakeEnv> env_with(const std::vector<std::string>& names) {
  auto env = std::make_unique<testing::FakeEnv>();
  const auto dir = std::filesystem::path(testing::source_dir()) / "tests/data/offline/awscli";
  for (const auto& n : names) {
    std::ifstream in(dir / n, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    env->add_file("/in/" + n, text.str());
  }
  return env;
}

const std::vector<std::string> kBothRegions = {"describe-instances-us-east-1.json", "describe-instances-eu-west-1.json",
                                               "get-account-authorization-details.json"};

TEST(ScanOffline, JudgesTheInputOnTheEnvsClockAndHandsBackTheInventory) {
  auto env = env_with(kBothRegions);
  OfflineScanOptions options;
  options.from = {"/in"};
  Inventory inventory;
  auto result = scan_offline(*env, options, &inventory);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->started_at, "2024-01-01T00:00:00Z");  // the FakeClock never moved
  EXPECT_EQ(result->finished_at, "2024-01-01T00:00:00Z");
  EXPECT_EQ(result->stats.seconds, 0.0);
  auto defaults = checks::select_checks({}, {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(result->checks.size(), defaults->size());
  EXPECT_FALSE(result->findings.empty());
  EXPECT_EQ(result->stats.regions, 2u);
  EXPECT_EQ(inventory.regions.size(), 2u);
  EXPECT_EQ(inventory.accounts.size(), 1u);
}

TEST(ScanOffline, RegionsKeepOnlyThoseRegions) {
  auto env = env_with(kBothRegions);
  OfflineScanOptions options;
  options.from = {"/in"};
  options.regions = {"eu-west-1"};
  options.judge.checks = {"instance-has-role"};
  Inventory inventory;
  auto result = scan_offline(*env, options, &inventory);
  ASSERT_TRUE(result) << result.error().describe();
  ASSERT_FALSE(result->findings.empty());
  for (const auto& f : result->findings) {
    EXPECT_EQ(f.region, "eu-west-1") << f.resource_id;
    EXPECT_EQ(f.check_id, "instance-has-role");
  }
  ASSERT_EQ(inventory.regions.size(), 1u);
  EXPECT_EQ(inventory.regions[0].region, "eu-west-1");
  EXPECT_EQ(result->stats.regions, 1u);
}

TEST(ScanOffline, UnknownCheckIsAUsageError) {
  auto env = env_with(kBothRegions);
  OfflineScanOptions options;
  options.from = {"/in"};
  options.judge.skip_checks = {"no-such-check"};
  auto result = scan_offline(*env, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
}

TEST(ScanOffline, UnreadableInputIsAUsageErrorNamingTheFile) {
  auto env = env_with(kBothRegions);
  env->make_unreadable("/in/describe-instances-us-east-1.json");
  OfflineScanOptions options;
  options.from = {"/in/describe-instances-us-east-1.json"};
  auto result = scan_offline(*env, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);  // kIo from the Env, reported as usage (exit 2)
  EXPECT_NE(result.error().message.find("/in/describe-instances-us-east-1.json"), std::string::npos)
      << result.error().message;
}

TEST(ScanOffline, MalformedInputIsAParseError) {
  auto env = env_with({});
  env->add_file("/in/di.json", "{\"Reservations\": [");
  OfflineScanOptions options;
  options.from = {"/in/di.json"};
  auto result = scan_offline(*env, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
}

}  // namespace
}  // namespace rolecall
