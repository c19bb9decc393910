// Recording scans: what opens, resolves and regresses, and what an incomplete scan must leave alone;
// on every backend.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/env.h"
#include "store/diff.h"
#include "store/fixture.h"
#include "store/store.h"
#include "support/db_backends.h"
#include "support/temp_dir.h"

namespace rolecall::store {
namespace {

using testing::scan_at;
using testing::scope_error;
using testing::verdict;

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = testing::fresh_db_location(GetParam(), dir_, "store.db");
    ASSERT_TRUE(url) << url.error().message;
    auto s = open_store(*url, env_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  std::int64_t record(const ScanRecord& scan) {
    auto id = store_->record_scan(scan);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    return id.value_or(0);
  }
  // The stored finding of `resource`'s `check` (fails the test when absent).
  StoredFinding finding(const std::string& resource, const std::string& check = "instance-has-role") {
    auto all = store_->findings({});
    EXPECT_TRUE(all);
    for (const auto& f : *all) {
      if (f.key.resource_id == resource && f.key.check_id == check) return f;
    }
    ADD_FAILURE() << "no finding " << resource << " " << check;
    return {};
  }
  static std::vector<std::string> ids(const std::vector<StoredFinding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.key.resource_id + ":" + f.key.check_id);
    std::sort(out.begin(), out.end());
    return out;
  }
  ScanDiff diff(std::optional<std::int64_t> a = std::nullopt, std::optional<std::int64_t> b = std::nullopt) {
    auto d = diff_stored_scans(*store_, a, b);
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return d.value_or(ScanDiff{});
  }

  testing::TempDir dir_{"rolecall-store"};
  base::SystemEnv env_;
  std::unique_ptr<FindingStore> store_;
};

TEST_P(StoreTest, RecordsNewFailuresAndResolvesFixedOnes) {
  const auto first = record(scan_at(1, {verdict("i-1", Status::kFail), verdict("i-2", Status::kPass)}));
  const auto second = record(scan_at(2, {verdict("i-1", Status::kPass), verdict("i-2", Status::kFail)}));
  EXPECT_LT(first, second);

  const auto fixed = finding("i-1");
  EXPECT_FALSE(fixed.open);
  EXPECT_EQ(fixed.status, Status::kPass);
  EXPECT_EQ(fixed.first_seen, "2026-12-01T10:00:00Z");
  EXPECT_EQ(fixed.resolved_at, "2026-12-02T10:00:00Z");
  EXPECT_EQ(fixed.evidence_json, R"({"detail":"why"})");
  const auto opened = finding("i-2");
  EXPECT_TRUE(opened.open);
  EXPECT_EQ(opened.first_seen, "2026-12-02T10:00:00Z");
  EXPECT_EQ(opened.severity, Severity::kHigh);
  EXPECT_FALSE(opened.resolved_at);

  const auto d = diff();
  EXPECT_EQ(d.from.id, first);
  EXPECT_EQ(d.to.id, second);
  EXPECT_EQ(ids(d.added), std::vector<std::string>{"i-2:instance-has-role"});
  EXPECT_EQ(ids(d.resolved), std::vector<std::string>{"i-1:instance-has-role"});
  EXPECT_TRUE(d.persisting.empty() && d.regressed.empty() && d.unjudged.empty());

  auto scans = store_->scans(0);
  ASSERT_TRUE(scans);
  ASSERT_EQ(scans->size(), 2u);
  EXPECT_EQ((*scans)[0].id, second);  // newest first
  EXPECT_EQ((*scans)[0].counts.fail, 1u);
  EXPECT_EQ((*scans)[0].counts.pass, 1u);
  EXPECT_TRUE((*scans)[0].complete);
  EXPECT_EQ((*scans)[0].scope, "1 account, 2 regions");
}

TEST_P(StoreTest, AFixedFindingThatFailsAgainRegresses) {
  record(scan_at(1, {verdict("i-1", Status::kFail)}));
  record(scan_at(2, {verdict("i-1", Status::kPass)}));
  const auto third = record(scan_at(5, {verdict("i-1", Status::kFail)}));
  const auto f = finding("i-1");
  EXPECT_TRUE(f.open);
  EXPECT_TRUE(f.regressed);
  EXPECT_FALSE(f.resolved_at);
  EXPECT_EQ(f.first_seen, "2026-12-01T10:00:00Z");
  EXPECT_EQ(f.opened_at, "2026-12-05T10:00:00Z");
  const auto d = diff();
  EXPECT_EQ(d.to.id, third);
  EXPECT_EQ(ids(d.regressed), std::vector<std::string>{"i-1:instance-has-role"});
  EXPECT_TRUE(d.added.empty());
  // The first scan against the third: failing in both.
  EXPECT_EQ(ids(diff(1, third).persisting), std::vector<std::string>{"i-1:instance-has-role"});
}

TEST_P(StoreTest, AResourceGoneFromACompletedRegionIsResolved) {
  record(scan_at(1, {verdict("i-1", Status::kFail)}));
  record(scan_at(2, {}));
  EXPECT_FALSE(finding("i-1").open);
  EXPECT_EQ(finding("i-1").resolved_at, "2026-12-02T10:00:00Z");
  EXPECT_EQ(ids(diff().resolved), std::vector<std::string>{"i-1:instance-has-role"});
}

TEST_P(StoreTest, AnIncompleteScanResolvesNothingItDidNotSee) {
  record(
      scan_at(1, {verdict("i-east", Status::kFail), verdict("i-west", Status::kFail, "instance-has-role", "eu-west-1"),
                  verdict("i-east", Status::kFail, "imdsv2-required"), verdict("i-err", Status::kFail)}));
  // eu-west-1 could not be read; imdsv2-required failed for us-east-1 as a whole; i-err could not be
  // judged. Only i-east's instance-has-role was judged and is gone.
  const auto second = record(scan_at(
      2, {scope_error("eu-west-1"), scope_error("us-east-1", "imdsv2-required"), verdict("i-err", Status::kError)},
      {"eu-west-1"}));
  EXPECT_FALSE(finding("i-east").open);
  EXPECT_TRUE(finding("i-west").open);
  EXPECT_TRUE(finding("i-east", "imdsv2-required").open);
  EXPECT_TRUE(finding("i-err").open);
  auto scans = store_->scans(1);
  ASSERT_TRUE(scans);
  EXPECT_FALSE(scans->front().complete);
  EXPECT_EQ(scans->front().scope, "1 account, 2 regions; incomplete: 111111111111/eu-west-1");

  const auto d = diff(1, second);
  EXPECT_EQ(ids(d.resolved), std::vector<std::string>{"i-east:instance-has-role"});
  EXPECT_EQ(ids(d.unjudged), (std::vector<std::string>{"i-east:imdsv2-required", "i-err:instance-has-role",
                                                       "i-west:instance-has-role"}));
}

TEST_P(StoreTest, AnAccountThatCouldNotBeReadKeepsItsFindings) {
  record(scan_at(1, {verdict("i-1", Status::kFail)}));
  record(scan_at(2, {scope_error("")}, {}, {}));
  EXPECT_TRUE(finding("i-1").open);
}

TEST_P(StoreTest, AChecksNotRunResolveNothing) {
  record(scan_at(1, {verdict("i-1", Status::kFail, "imdsv2-required")}));
  auto only_roles = scan_at(2, {});
  only_roles.checks = {"instance-has-role"};
  record(only_roles);
  EXPECT_TRUE(finding("i-1", "imdsv2-required").open);
}

TEST_P(StoreTest, MutingEndsTheOpenPeriodWithoutCountingAsAFix) {
  record(scan_at(1, {verdict("i-1", Status::kFail)}));
  record(scan_at(2, {verdict("i-1", Status::kMuted)}));
  const auto f = finding("i-1");
  EXPECT_FALSE(f.open);
  EXPECT_FALSE(f.resolved_at);
  EXPECT_EQ(f.status, Status::kMuted);
  record(scan_at(3, {verdict("i-1", Status::kFail)}));
  EXPECT_FALSE(finding("i-1").regressed);
  EXPECT_TRUE(finding("i-1").open);
}

TEST_P(StoreTest, FindingsQueryNarrows) {
  record(scan_at(1, {verdict("i-1", Status::kFail), verdict("i-2", Status::kFail, "imdsv2-required")}));
  record(scan_at(3, {verdict("i-1", Status::kPass), verdict("i-2", Status::kFail, "imdsv2-required"),
                     verdict("i-3", Status::kFail)}));
  FindingQuery open;
  open.open_only = true;
  EXPECT_EQ(ids(*store_->findings(open)), (std::vector<std::string>{"i-2:imdsv2-required", "i-3:instance-has-role"}));
  open.check_id = "instance-has-role";
  EXPECT_EQ(ids(*store_->findings(open)), std::vector<std::string>{"i-3:instance-has-role"});
  FindingQuery recent;
  recent.since = std::chrono::sys_days(std::chrono::year{2026} / 12 / 2);
  EXPECT_EQ(ids(*store_->findings(recent)), std::vector<std::string>{"i-3:instance-has-role"});
  FindingQuery low;
  low.severity = Severity::kLow;
  EXPECT_TRUE(store_->findings(low)->empty());
}

TEST_P(StoreTest, AScanThatCannotBeRecordedLeavesNothingBehind) {
  record(scan_at(1, {verdict("i-1", Status::kFail)}));
  // The same verdict twice: the second breaks the verdicts' key, after the first's writes were sent.
  auto twice = store_->record_scan(
      scan_at(2, {verdict("i-2", Status::kFail), verdict("i-1", Status::kPass), verdict("i-2", Status::kFail)}));
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find(store_->location()), std::string::npos) << twice.error().message;
  // Nothing of scan 2 was kept, and the store goes on working.
  auto scans = store_->scans(0);
  ASSERT_TRUE(scans) << scans.error().message;
  EXPECT_EQ(scans->size(), 1u);
  EXPECT_TRUE(finding("i-1").open);
  EXPECT_EQ(ids(*store_->findings({})), std::vector<std::string>{"i-1:instance-has-role"});
  record(scan_at(3, {verdict("i-1", Status::kPass)}));
  EXPECT_FALSE(finding("i-1").open);
}

TEST_P(StoreTest, DiffNeedsTwoScans) {
  auto none = diff_stored_scans(*store_, std::nullopt, std::nullopt);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::kNotFound);
  record(scan_at(1, {}));
  auto one = diff_stored_scans(*store_, std::nullopt, std::nullopt);
  ASSERT_FALSE(one);
  EXPECT_NE(one.error().message.find("no scan before scan 1"), std::string::npos);
  auto unknown = diff_stored_scans(*store_, 7, 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

// An incremental audit (watch): only the resources it judged change state; it is no scan.
TEST_P(StoreTest, AnAuditChangesOnlyTheResourcesItJudged) {
  record(scan_at(1, {verdict("i-1", Status::kFail), verdict("i-1", Status::kFail, "imdsv2-required"),
                     verdict("i-2", Status::kFail), verdict("i-3", Status::kPass)}));
  AuditRecord audit;
  audit.started_at = "2026-12-03T10:00:00Z";
  audit.checks = {"instance-has-role", "imdsv2-required"};
  // i-1 judged again: instance-has-role passes now, imdsv2-required no longer applies (no verdict);
  // i-3 judged again and fails now; i-2 not judged.
  audit.resources = {{"111111111111", "us-east-1", "i-1"}, {"111111111111", "us-east-1", "i-3"}};
  audit.findings = {verdict("i-1", Status::kPass), verdict("i-3", Status::kFail)};
  ASSERT_TRUE(store_->record_audit(audit));

  EXPECT_FALSE(finding("i-1").open);
  EXPECT_EQ(finding("i-1").resolved_at, "2026-12-03T10:00:00Z");
  EXPECT_FALSE(finding("i-1", "imdsv2-required").open) << "a judged resource's finding the audit no longer gives";
  EXPECT_EQ(finding("i-1", "imdsv2-required").resolved_at, "2026-12-03T10:00:00Z");
  EXPECT_TRUE(finding("i-2").open) << "not judged: left as it was";
  EXPECT_EQ(finding("i-2").last_seen, "2026-12-01T10:00:00Z");
  EXPECT_TRUE(finding("i-3").open);
  EXPECT_EQ(finding("i-3").opened_at, "2026-12-03T10:00:00Z");

  auto scans = store_->scans(0);
  ASSERT_TRUE(scans);
  EXPECT_EQ(scans->size(), 1u) << "an audit is no scan";
  // The next full scan sees the audit's states: i-3 still failing persists, i-1 failing again regresses.
  record(scan_at(4, {verdict("i-1", Status::kFail), verdict("i-2", Status::kFail), verdict("i-3", Status::kFail)}));
  EXPECT_TRUE(finding("i-1").regressed);
  EXPECT_EQ(finding("i-3").opened_at, "2026-12-03T10:00:00Z");
}

TEST_P(StoreTest, AnAuditOfAChecksNotRunResolvesNothingOfIt) {
  record(scan_at(1, {verdict("i-1", Status::kFail, "imdsv2-required")}));
  AuditRecord audit;
  audit.started_at = "2026-12-02T10:00:00Z";
  audit.checks = {"instance-has-role"};
  audit.resources = {{"111111111111", "us-east-1", "i-1"}};
  audit.findings = {verdict("i-1", Status::kPass)};
  ASSERT_TRUE(store_->record_audit(audit));
  EXPECT_TRUE(finding("i-1", "imdsv2-required").open);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, testing::kDbBackends, testing::db_backend_name);

}  // namespace
}  // namespace rolecall::store
