// An --accounts file is the list of accounts a scan covers: the caller's own account is scanned
// only when the file lists it (then with the caller's credentials, not AssumeRole); --org still
// covers it. Against the emulator's generated organization (management + members).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "inventory/scope.h"
#include "inventory/shard.h"
#include "rolecall/scan.h"
#include "support/emulator_fixture.h"
#include "support/estate_accounts.h"

namespace rolecall::inventory {
namespace {

class AccountsScope : public rolecall::testing::EmulatorFixture {
 protected:
  void SetUp() override {
    start_emulator(emulator::GeneratorSpec{.accounts = 3, .regions = 1, .instances = 12, .seed = 4});
    const auto state = emu_->dump_state();
    management_ = rolecall::testing::management_account(state);
    members_ = rolecall::testing::member_accounts(state);
    ASSERT_EQ(members_.size(), 2u);
  }
  // Writes an --accounts file listing `ids` and returns its path.
  std::string accounts_file(const std::vector<std::string>& ids) {
    std::string text = "# accounts to scan\n";
    for (const auto& id : ids) text += id + ",team " + id + "\n";
    rolecall::testing::write_file(dir_ / "accounts.txt", text);
    return (dir_ / "accounts.txt").string();
  }
  static std::set<std::string> accounts_of(const Scope& scope) {
    std::set<std::string> out;
    for (const auto& t : scope.targets) {
      EXPECT_FALSE(t.error) << t.account_id << ": " << t.error->describe();
      out.insert(t.account_id);
    }
    return out;
  }

  std::string management_;
  std::vector<std::string> members_;
};

TEST_F(AccountsScope, TheCallersAccountIsNotAddedUnlessListed) {
  auto s = session();  // the management account's auditor
  ASSERT_TRUE(s);
  ScopeOptions options;
  options.accounts_file = accounts_file({members_[0]});
  auto scope = resolve_scope(*s, options);
  ASSERT_TRUE(scope) << scope.error().describe();
  EXPECT_EQ(accounts_of(*scope), std::set<std::string>{members_[0]});
  EXPECT_NE(scope->caller_arn.find(":" + management_ + ":"), std::string::npos) << scope->caller_arn;

  // A whole scan agrees: no finding names the caller's own account.
  ScanOptions scan_options;
  scan_options.scope = options;
  auto result = rolecall::scan(*s, scan_options);
  ASSERT_TRUE(result) << result.error().describe();
  ASSERT_FALSE(result->findings.empty());
  for (const auto& f : result->findings) EXPECT_EQ(f.account_id, members_[0]) << f.check_id << " " << f.resource_id;
  EXPECT_EQ(result->stats.accounts, 1u);
}

TEST_F(AccountsScope, ListedCallersAccountIsReachedWithItsOwnCredentials) {
  auto s = session();
  ASSERT_TRUE(s);
  ScopeOptions options;
  options.accounts_file = accounts_file({members_[1], management_});
  auto scope = resolve_scope(*s, options);
  ASSERT_TRUE(scope) << scope.error().describe();
  EXPECT_EQ(accounts_of(*scope), (std::set<std::string>{management_, members_[1]}));
  for (const auto& t : scope->targets) {
    if (t.account_id == management_) {
      EXPECT_EQ(t.label, "default credentials");  // not an assumed role
    }
  }
}

TEST_F(AccountsScope, TheOrganizationStillCoversTheCallersAccount) {
  auto s = session();
  ASSERT_TRUE(s);
  ScopeOptions options;
  options.org = true;
  auto scope = resolve_scope(*s, options);
  ASSERT_TRUE(scope) << scope.error().describe();
  EXPECT_EQ(accounts_of(*scope), (std::set<std::string>{management_, members_[0], members_[1]}));
}

// --shard I/N: the shares of an organization are disjoint and together cover it; only a share's own
// accounts are reached (their AssumeRole included).
TEST_F(AccountsScope, ShardsSplitTheOrganizationDisjointly) {
  auto s = session();
  ASSERT_TRUE(s);
  ScopeOptions whole;
  whole.org = true;
  auto all = resolve_scope(*s, whole);
  ASSERT_TRUE(all) << all.error().describe();
  const std::set<std::string> every = accounts_of(*all);
  ASSERT_EQ(every.size(), 3u);
  for (std::size_t count : {2u, 3u, 5u}) {
    std::set<std::string> covered;
    std::size_t total = 0;
    for (std::size_t index = 0; index < count; ++index) {
      ScopeOptions options = whole;
      options.shard = Shard{index, count};
      auto share = resolve_scope(*s, options);
      ASSERT_TRUE(share) << share.error().describe();
      for (const auto& id : accounts_of(*share)) {
        EXPECT_EQ(shard_of(id, count), index) << id;
        covered.insert(id);
        ++total;
      }
    }
    EXPECT_EQ(covered, every) << count << " shares cover the organization";
    EXPECT_EQ(total, every.size()) << count << " shares, each account once";
  }
}

// The identities phase: each account reached through a role is heard as its AssumeRole settles
// (the management account, with the caller's own credentials, is not one), and a scan's progress
// carries that phase on into the collection's.
TEST_F(AccountsScope, EachAssumedRoleIsHeardAsItSettles) {
  auto s = session();
  ASSERT_TRUE(s);
  ScopeOptions options;
  options.org = true;
  std::vector<PhaseProgress> heard;
  auto scope = resolve_scope(*s, options, [&](const PhaseProgress& p) { heard.push_back(p); });
  ASSERT_TRUE(scope) << scope.error().describe();
  ASSERT_EQ(heard.size(), 3u);  // 0/2 before any answer, then one per member account
  for (std::size_t i = 0; i < heard.size(); ++i) {
    EXPECT_EQ(heard[i].done, i);
    EXPECT_EQ(heard[i].total, 2u);
  }

  ScanOptions scan_options;
  scan_options.scope = options;
  std::size_t before_collection = 0, with_collection = 0;
  scan_options.on_progress = [&](const CollectProgress& p) {
    if (p.accounts_total == 0 && p.identities.total == 2) ++before_collection;
    if (p.accounts_total == 3 && p.identities.done == 2) ++with_collection;
  };
  auto result = rolecall::scan(*s, scan_options);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(before_collection, 3u);
  EXPECT_GT(with_collection, 0u) << "the collection's progress keeps the identities phase";
}

}  // namespace
}  // namespace rolecall::inventory
