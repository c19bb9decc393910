// End to end: rolecall scans a generated multi-account, multi-region estate served by the
// emulator, and its findings must equal the generator's ground truth exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "aws/session.h"
#include "emulator/emulator.h"
#include "rolecall/scan.h"
#include "support/emulator_fixture.h"

namespace rolecall::inventory {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // account, region, resource, check

// A generated estate served by the emulator, scanned through sessions at it.
using ScanTruth = rolecall::testing::EmulatorFixture;

std::map<Key, std::string> truth_of(const nlohmann::json& truth) {
  std::map<Key, std::string> out;
  for (const auto& f : truth.at("findings")) {
    out[{f.at("account_id"), f.at("region"), f.at("resource_id"), f.at("check_id")}] = f.at("status");
  }
  return out;
}

TEST_F(ScanTruth, OrganizationScanMatchesGroundTruthExactly) {
  start_emulator(emulator::GeneratorSpec{.accounts = 3, .regions = 2, .instances = 150, .seed = 11});
  auto s = session();
  ASSERT_TRUE(s);
  ScanOptions options;
  options.scope.org = true;
  auto result = rolecall::scan(*s, options);
  ASSERT_TRUE(result) << result.error().describe();

  std::map<Key, std::string> got;
  for (const auto& f : result->findings) {
    ASSERT_NE(f.status, Status::kError) << f.check_id << " " << f.resource_id << ": " << f.message;
    got[{f.account_id, f.region, f.resource_id, f.check_id}] = to_string(f.status);
  }
  auto want = truth_of(emu_->truth());
  ASSERT_FALSE(want.empty());
  std::size_t mismatches = 0;
  for (const auto& [key, status] : want) {
    auto it = got.find(key);
    if (it == got.end() || it->second != status) {
      if (++mismatches <= 20) {
        ADD_FAILURE() << std::get<2>(key) << " " << std::get<3>(key) << ": want " << status << ", got "
                      << (it == got.end() ? "nothing" : it->second);
      }
    }
  }
  for (const auto& [key, status] : got) {
    if (!want.contains(key) && ++mismatches <= 20) {
      ADD_FAILURE() << std::get<2>(key) << " " << std::get<3>(key) << ": unexpected " << status;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(result->stats.accounts, 3u);
  EXPECT_EQ(result->stats.regions, 6u);
}

TEST_F(ScanTruth, TestPlanChecksFetchOnlyWhatTheyNeed) {
  start_emulator(emulator::GeneratorSpec{.accounts = 2, .regions = 2, .instances = 40, .seed = 3});
  auto s = session();
  ASSERT_TRUE(s);
  ScanOptions options;
  options.scope.org = true;
  options.judge.checks = {"instance-has-role", "profile-has-role"};
  auto result = rolecall::scan(*s, options);
  ASSERT_TRUE(result) << result.error().describe();
  auto want = truth_of(emu_->truth());
  std::size_t compared = 0;
  for (const auto& f : result->findings) {
    ASSERT_TRUE(f.check_id == "instance-has-role" || f.check_id == "profile-has-role") << f.check_id;
    auto it = want.find({f.account_id, f.region, f.resource_id, f.check_id});
    ASSERT_NE(it, want.end()) << f.resource_id << " " << f.check_id;
    EXPECT_EQ(it->second, to_string(f.status)) << f.resource_id << " " << f.check_id;
    ++compared;
  }
  EXPECT_GT(compared, 0u);
}

TEST_F(ScanTruth, UnreachableRegionIsAnErrorNotAPass) {
  start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 1, .instances = 10, .seed = 5});
  auto s = session();
  ASSERT_TRUE(s);
  ScanOptions options;
  options.regions = {"us-east-1", "af-south-1"};  // the generated accounts have not opted in to af-south-1
  auto result = rolecall::scan(*s, options);
  ASSERT_TRUE(result) << result.error().describe();
  bool saw_scope_error = false;
  for (const auto& f : result->findings) {
    if (f.region == "af-south-1") {
      EXPECT_EQ(f.status, Status::kError);
      EXPECT_EQ(f.check_id, "scan");
      saw_scope_error = true;
    }
  }
  EXPECT_TRUE(saw_scope_error);
  EXPECT_EQ(result->stats.regions, 1u);  // only us-east-1 was scanned
  ScanResult errors_only = *result;
  std::erase_if(errors_only.findings, [](const Finding& f) { return f.status == Status::kFail; });
  EXPECT_EQ(exit_code_for(errors_only, Severity::kLow), ExitCode::kPartial);
}

}  // namespace
}  // namespace rolecall::inventory
