// rolecall::export_to_security_hub against the emulator: what a scan imports, what a later scan
// archives, and what it must leave alone (a region it could not read, a check it did not run).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>

#include "aws/session.h"
#include "emulator/emulator.h"
#include "report/report.h"
#include "rolecall/scan.h"
#include "rolecall/security_hub.h"
#include "support/emulator_fixture.h"

namespace rolecall {
namespace {

class SecurityHubExport : public testing::EmulatorFixture {
 public:
  void SetUp() override {
    start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 24, .seed = 7});
    session_ = session();
    ASSERT_TRUE(session_);
    auto result = rolecall::scan(*session_, {}, &inventory_);
    ASSERT_TRUE(result) << result.error().describe();
    result_ = std::move(*result);
    account_ = emu_->dump_state()["accounts"][0]["id"];
    home_ = emu_->dump_state()["accounts"][0]["security_hub_regions"][0];
  }

  SecurityHubInput input() const {
    report::RenderOptions render;
    return {report::asff_findings(result_, render), result_.checks, &inventory_};
  }
  Result<SecurityHubOutcome> send(SecurityHubInput in, SecurityHubOptions options = {}) {
    return export_to_security_hub(*session_, scope_, options, std::move(in));
  }
  // Replaces SetUp's estate with `spec`, scanned over `scope`.
  void rescan(const emulator::GeneratorSpec& spec, const ScopeOptions& scope) {
    start_emulator(spec);
    session_ = session();
    ASSERT_TRUE(session_);
    scope_ = scope;
    ScanOptions options;
    options.scope = scope;
    inventory_ = {};
    auto result = rolecall::scan(*session_, options, &inventory_);
    ASSERT_TRUE(result) << result.error().describe();
    result_ = std::move(*result);
    account_ = emu_->dump_state()["accounts"][0]["id"];
  }
  // Security Hub's findings in the estate, by Id: RecordState.
  std::map<std::string, std::string> stored() const {
    std::map<std::string, std::string> out;
    const nlohmann::json state = emu_->dump_state();  // kept alive: the loop reads into it
    for (const auto& f : state["accounts"][0].value("security_hub_findings", nlohmann::json::array())) {
      out[f["Id"]] = f["RecordState"];
    }
    return out;
  }
  std::set<std::string> failing_ids() const {
    std::set<std::string> out;
    for (const auto& f : input().findings) {
      if (f["Compliance"]["Status"] != "PASSED") out.insert(f["Id"]);
    }
    return out;
  }

  std::unique_ptr<aws::Session> session_;
  ScopeOptions scope_;
  Inventory inventory_;
  ScanResult result_;
  std::string account_;
  std::string home_;
};

TEST_F(SecurityHubExport, ImportsEveryNonPassingFindingIntoTheHomeRegion) {
  auto outcome = send(input());
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok()) << outcome->failures.front().message;
  EXPECT_EQ(outcome->region, "us-east-1");  // the session's region: no --regions, no --security-hub-region
  const auto want = failing_ids();
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(outcome->imported, want.size());
  EXPECT_EQ(outcome->archived, 0u);
  std::set<std::string> got;
  for (const auto& [id, state] : stored()) {
    EXPECT_EQ(state, "ACTIVE") << id;
    got.insert(id);
  }
  EXPECT_EQ(got, want);
  const nlohmann::json state = emu_->dump_state();  // kept alive: the loop reads into it
  for (const auto& f : state["accounts"][0]["security_hub_findings"]) {
    EXPECT_EQ(f["ProductArn"], "arn:aws:securityhub:us-east-1:" + account_ + ":product/" + account_ + "/default");
  }
}

TEST_F(SecurityHubExport, ArchivesWhatIsGoneOnlyWhereTheScanWasComplete) {
  ASSERT_TRUE(send(input()));
  // The next scan: every finding of the second region gone but that region unreadable, and one
  // failing finding of the home region gone with the region read completely.
  SecurityHubInput next = input();
  std::string second;
  for (const auto& r : inventory_.regions) {
    if (r.region != home_) second = r.region;
  }
  ASSERT_FALSE(second.empty());
  std::erase_if(next.findings, [&](const nlohmann::json& f) { return f["Region"] == second; });
  auto gone = std::find_if(next.findings.begin(), next.findings.end(), [&](const nlohmann::json& f) {
    return f["Region"] == home_ && f["Compliance"]["Status"] == "FAILED";
  });
  ASSERT_NE(gone, next.findings.end());
  const std::string gone_id = (*gone)["Id"];
  next.findings.erase(gone);
  Inventory partial = inventory_;
  for (auto& r : partial.regions) {
    if (r.region == second) r.instances_error = Error::network("DescribeInstances timed out");
  }
  next.inventory = &partial;
  auto outcome = send(std::move(next));
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok());
  EXPECT_EQ(outcome->archived, 1u);
  for (const auto& [id, state] : stored()) EXPECT_EQ(state, id == gone_id ? "ARCHIVED" : "ACTIVE") << id;
}

TEST_F(SecurityHubExport, AFindingNowPassingIsArchivedAsPassedAndSkippedChecksAreKept) {
  ASSERT_TRUE(send(input()));
  SecurityHubInput next = input();
  std::string passed_id;
  std::string kept_check;
  for (auto& f : next.findings) {
    if (f["Compliance"]["Status"] != "FAILED") continue;
    if (passed_id.empty()) {
      passed_id = f["Id"];
      f["Compliance"]["Status"] = "PASSED";
    } else if (kept_check.empty() && f["GeneratorId"] != next.findings.front()["GeneratorId"]) {
      kept_check = f["ProductFields"]["rolecall/check_id"];
    }
  }
  ASSERT_FALSE(kept_check.empty());
  // The check whose findings disappear did not run this time: they stay active.
  std::erase_if(next.findings,
                [&](const nlohmann::json& f) { return f["ProductFields"]["rolecall/check_id"] == kept_check; });
  std::erase(next.checks, kept_check);
  auto outcome = send(std::move(next));
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_EQ(outcome->archived, 1u);
  const nlohmann::json state = emu_->dump_state();  // kept alive: the loop reads into it
  for (const auto& f : state["accounts"][0]["security_hub_findings"]) {
    if (f["Id"] == passed_id) {
      EXPECT_EQ(f["RecordState"], "ARCHIVED");
      EXPECT_EQ(f["Compliance"]["Status"], "PASSED");
    } else {
      EXPECT_EQ(f["RecordState"], "ACTIVE") << f["Id"];
    }
  }
}

TEST_F(SecurityHubExport, FailuresAreReportedNotFatal) {
  SecurityHubOptions elsewhere;
  elsewhere.region = "eu-west-1";  // Security Hub is not enabled there
  auto off = send(input(), elsewhere);
  ASSERT_TRUE(off) << off.error().describe();
  ASSERT_FALSE(off->ok());
  EXPECT_EQ(off->failures.front().code, "InvalidAccessException");
  EXPECT_EQ(off->imported, 0u);

  SecurityHubOptions aggregator;
  aggregator.account_id = "999999999999";  // not among the scanned accounts
  auto missing = send(input(), aggregator);
  ASSERT_TRUE(missing);
  ASSERT_EQ(missing->failures.size(), 1u);
  EXPECT_EQ(missing->failures[0].account_id, "999999999999");
  EXPECT_TRUE(stored().empty());
}

// More than 100 findings for one account: Security Hub (and the emulator) take at most 100 per
// BatchImportFindings, so all of them arriving proves the batches.
TEST_F(SecurityHubExport, MoreThanAHundredFindingsGoInBatchesOfAHundred) {
  rescan(emulator::GeneratorSpec{.accounts = 1, .regions = 1, .instances = 160, .seed = 11}, {});
  const auto want = failing_ids();
  ASSERT_GT(want.size(), 100u) << "the estate should fail more than one batch's worth";
  auto outcome = send(input());
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok()) << outcome->failures.front().message;
  EXPECT_EQ(outcome->imported, want.size());
  std::set<std::string> got;
  for (const auto& [id, state] : stored()) got.insert(id);
  EXPECT_EQ(got, want);
}

// --security-hub-account: the organization's management account (the Security Hub administrator)
// imports every account's findings, each still naming its own account.
TEST_F(SecurityHubExport, AnAggregatorImportsEveryAccountsFindings) {
  ScopeOptions organization;
  organization.org = true;
  rescan(emulator::GeneratorSpec{.accounts = 2, .regions = 1, .instances = 20, .seed = 7}, organization);
  const nlohmann::json state = emu_->dump_state();  // kept alive: the loop reads into it
  const std::string member = state["accounts"][1]["id"];
  SecurityHubOptions aggregator;
  aggregator.account_id = account_;  // the management account
  auto outcome = send(input(), aggregator);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok()) << outcome->failures.front().message;
  const auto want = failing_ids();
  EXPECT_EQ(outcome->imported, want.size());
  std::set<std::string> owners, ids;
  const nlohmann::json after = emu_->dump_state();
  for (const auto& f : after["accounts"][0]["security_hub_findings"]) {
    owners.insert(f["AwsAccountId"].get<std::string>());
    ids.insert(f["Id"].get<std::string>());
    EXPECT_EQ(f["ProductArn"], "arn:aws:securityhub:us-east-1:" + account_ + ":product/" + account_ + "/default");
  }
  EXPECT_EQ(ids, want);
  EXPECT_EQ(owners, (std::set<std::string>{account_, member}));
  EXPECT_TRUE(after["accounts"][1].value("security_hub_findings", nlohmann::json::array()).empty())
      << "nothing goes to the member's own Security Hub";
}

// Security Hub throttles BatchImportFindings (10 a second, a burst of 30, per account and region;
// the emulator with --throttle as AWS): an export of more batches than the burst is throttled
// (429 LimitExceededException), retried, and still imports every finding, none reported failed.
// The emulator's clock stands still until the first request is throttled, then runs: the bucket
// cannot refill while the first batches go out, so they meet an empty bucket however slowly they
// are sent (a sanitizer build sends fewer than 10 a second, which real time would never throttle).
TEST_F(SecurityHubExport, ThrottledImportsAreRetriedUntilEveryFindingIsTaken) {
  using std::chrono::system_clock;
  std::atomic<int> throttled{0};
  std::atomic<system_clock::rep> runs_since{0};  // 0: the clock stands still
  const auto start = system_clock::now();
  emulator::EmulatorOptions options;
  options.generate = emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 24, .seed = 7};
  options.throttle = true;
  options.clock = [&runs_since, start] {
    const auto since = runs_since.load();
    return since == 0 ? start : start + (system_clock::now() - system_clock::time_point(system_clock::duration(since)));
  };
  options.log = [&throttled, &runs_since](const std::string& line) {
    if (line.find("-> 429") == std::string::npos) return;
    ++throttled;
    system_clock::rep still = 0;
    runs_since.compare_exchange_strong(still, system_clock::now().time_since_epoch().count());
  };
  start_emulator(options);
  session_ = session();
  ASSERT_TRUE(session_);
  // 35 batches' worth of findings to import (PASS ones are only archived): each failing finding of
  // the scan many times over, each copy its own Id.
  SecurityHubInput in = input();
  std::vector<nlohmann::json> many;
  for (int copy = 0; many.size() < 3500; ++copy) {
    for (const auto& f : in.findings) {
      if (f["Compliance"]["Status"] == "PASSED") continue;
      nlohmann::json c = f;
      c["Id"] = c["Id"].get<std::string>() + "/copy-" + std::to_string(copy);
      many.push_back(std::move(c));
    }
  }
  const std::size_t active = many.size();
  in.findings = std::move(many);
  auto outcome = send(std::move(in));
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok()) << outcome->failures.front().message;
  EXPECT_EQ(outcome->imported, active);
  EXPECT_EQ(stored().size(), active);
  EXPECT_GT(throttled.load(), 0) << "more batches than the burst: some were throttled, then retried";
}

}  // namespace
}  // namespace rolecall
