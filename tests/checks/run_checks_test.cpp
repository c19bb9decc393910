// run_checks: per-account slices judged on several threads give exactly what one pass over the
// whole inventory, stably sorted, gives; and sort_findings orders long and prefix-sharing ids right.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "checks/registry.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

bool report_order(const Finding& a, const Finding& b) {
  return std::tie(a.account_id, a.region, a.resource_id, a.check_id) <
         std::tie(b.account_id, b.region, b.resource_id, b.check_id);
}

// The fixture's account copied under several ids, their regions interleaved in inventory order,
// plus every kind of scope error: account-wide, region-wide, and one with no account at all.
Inventory several_accounts() {
  Fixture fx;
  Inventory inventory;
  const std::vector<std::string> accounts{"333333333333", "111111111111", "222222222222"};
  for (const auto& id : accounts) {
    AccountInventory account = fx.inventory.accounts.begin()->second;
    account.account_id = id;
    account.build_index();
    inventory.accounts[id] = std::move(account);
  }
  for (const char* region_name : {"us-east-1", "eu-west-1"}) {
    for (const auto& id : accounts) {
      RegionInventory region = *fx.region;
      region.account_id = id;
      region.region = region_name;
      for (auto& i : region.instances) {
        i.account_id = id;
        i.region = region_name;
      }
      for (auto& t : region.launch_templates) {
        t.account_id = id;
        t.region = region_name;
      }
      inventory.regions.push_back(std::move(region));
    }
  }
  RegionInventory failed;
  failed.account_id = "222222222222";
  failed.region = "ap-south-1";
  failed.instances_error = Error::service(ErrorKind::kAccessDenied, "UnauthorizedOperation", "denied", 403);
  inventory.regions.push_back(std::move(failed));
  inventory.scope_errors.push_back(
      {"444444444444", "", Error::service(ErrorKind::kAccessDenied, "AccessDenied", "cannot assume", 403)});
  inventory.scope_errors.push_back(
      {"", "", Error::service(ErrorKind::kAccessDenied, "AccessDenied", "ListAccounts denied", 403)});
  return inventory;
}

// What run_checks promises, computed the plain way: scope errors, then every check over every
// region in one pass, then a stable sort.
std::vector<Finding> one_pass(const Inventory& inventory) {
  std::vector<Finding> out;
  auto scope = [&](const std::string& account, const std::string& region, const Error& error) {
    Finding f;
    f.check_id = "scan";
    f.account_id = account;
    f.region = region;
    f.resource_id = region.empty() ? account : account + "/" + region;
    f.message = error.describe();
    out.push_back(std::move(f));
  };
  for (const auto& e : inventory.scope_errors) scope(e.account_id, e.region, e.error);
  for (const auto& r : inventory.regions) {
    if (r.instances_error) scope(r.account_id, r.region, *r.instances_error);
  }
  Slice all{inventory, {}};
  for (const auto& r : inventory.regions) all.regions.push_back(&r);
  for (const Check* c : all_checks()) c->run(all, {}, out);
  std::stable_sort(out.begin(), out.end(), report_order);
  return out;
}

TEST(RunChecks, AnyThreadCountGivesTheOnePassResultInReportOrder) {
  const Inventory inventory = several_accounts();
  const std::vector<Finding> expected = one_pass(inventory);
  ASSERT_GT(expected.size(), 100u);
  for (unsigned threads : {1u, 2u, 4u, 0u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const std::vector<Finding> got = run_checks(inventory, all_checks(), {}, threads);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(std::tie(got[i].account_id, got[i].region, got[i].resource_id, got[i].check_id, got[i].message),
                std::tie(expected[i].account_id, expected[i].region, expected[i].resource_id, expected[i].check_id,
                         expected[i].message))
          << "position " << i;
    }
  }
  // The account-less scope error sorts first; the unreachable account still has its finding.
  const auto got = run_checks(inventory, all_checks(), {}, 2);
  EXPECT_EQ(got.front().account_id, "");
  EXPECT_TRUE(std::any_of(got.begin(), got.end(), [](const Finding& f) { return f.account_id == "444444444444"; }));
}

TEST(RunChecks, AnEmptyInventoryHasNoFindings) { EXPECT_TRUE(run_checks(Inventory{}, all_checks(), {}, 4).empty()); }

TEST(RunChecks, ScopeErrorsBecomeErrorFindingsAndHideTheRegion) {
  Fixture fx;
  fx.region->instances_error = Error::service(ErrorKind::kAccessDenied, "UnauthorizedOperation", "denied", 403);
  fx.inventory.scope_errors.push_back(
      {"222222222222", "", Error::service(ErrorKind::kAccessDenied, "AccessDenied", "AssumeRole denied", 403)});
  auto findings = run_checks(fx.inventory, all_checks(), {});
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& f : findings) {
    EXPECT_EQ(f.check_id, "scan");
    EXPECT_EQ(f.status, Status::kError);
  }
}

TEST(SortFindings, MatchesStableSortOnInterleavedAccountsRegionsAndTies) {
  std::mt19937 rng(42);
  std::vector<Finding> findings;
  const std::vector<std::string> accounts{"222222222222", "111111111111", "333333333333"};
  const std::vector<std::string> regions{"us-east-1", "eu-west-1", ""};
  const std::vector<std::string> checks{"role-not-admin", "instance-has-role", "scan"};
  for (int i = 0; i < 3000; ++i) {
    Finding f;
    // Runs of one account and region, as checks produce them, broken up at random.
    f.account_id = accounts[(i / 50 + rng() % 2) % accounts.size()];
    f.region = regions[(i / 120 + rng() % 2) % regions.size()];
    f.resource_id = "i-" + std::to_string(rng() % 400);  // duplicates: ties must keep their order
    f.check_id = checks[rng() % checks.size()];
    f.message = std::to_string(i);
    findings.push_back(std::move(f));
  }
  auto expected = findings;
  std::stable_sort(expected.begin(), expected.end(), report_order);
  sort_findings(findings);
  ASSERT_EQ(findings.size(), expected.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    ASSERT_EQ(findings[i].message, expected[i].message) << "position " << i;
  }
  std::vector<Finding> none;
  sort_findings(none);
  EXPECT_TRUE(none.empty());
}

TEST(SortFindings, LongAndPrefixSharingResourceIdsSortAsStrings) {
  // Ids past the compared head (24 bytes), ids that are prefixes of others, and equal ids.
  const std::vector<std::string> ids{"i-0123456789abcdef0",
                                     "i-0123456789abcdef",
                                     "i-0123456789abcdef01",
                                     "lt-0123456789abcdef01234:7",
                                     "lt-0123456789abcdef01234:10",
                                     "lt-0123456789abcdef01234",
                                     std::string("i-\0x", 4),
                                     "i-",
                                     "",
                                     "arn:aws:iam::111111111111:instance-profile/a",
                                     "arn:aws:iam::111111111111:instance-profile/b"};
  std::mt19937 rng(7);
  std::vector<Finding> findings;
  for (int i = 0; i < 2000; ++i) {
    Finding f;
    f.account_id = "111111111111";
    f.region = "us-east-1";
    f.resource_id = ids[rng() % ids.size()];
    f.check_id = (rng() % 2 == 0) ? "role-not-admin" : "instance-has-role";
    f.message = std::to_string(i);
    findings.push_back(std::move(f));
  }
  auto expected = findings;
  std::stable_sort(expected.begin(), expected.end(), report_order);
  sort_findings(findings);
  for (std::size_t i = 0; i < findings.size(); ++i) ASSERT_EQ(findings[i].message, expected[i].message) << i;
}

}  // namespace
}  // namespace rolecall::checks
