// The registry, and what holds for every check at once over the fixture's inventory. Each check's
// own verdicts are tested in tests/checks/<id>_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "checks/registry.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

TEST(Registry, SortedUniqueAndSelectable) {
  const auto& checks = all_checks();
  for (std::size_t i = 1; i < checks.size(); ++i) EXPECT_LT(checks[i - 1]->info().id, checks[i]->info().id);
  auto only = select_checks({"profile-has-role", "instance-has-role"}, {});
  ASSERT_TRUE(only);
  ASSERT_EQ(only->size(), 2u);
  EXPECT_EQ((*only)[0]->info().id, "instance-has-role");
  EXPECT_TRUE(needs_of(*only).iam);
  EXPECT_FALSE(needs_of(*only).user_data);
  auto skipped = select_checks({}, {"imdsv2-required"});
  ASSERT_TRUE(skipped);
  const auto defaults =
      std::count_if(checks.begin(), checks.end(), [](const Check* c) { return c->info().default_enabled; });
  EXPECT_EQ(skipped->size(), static_cast<std::size_t>(defaults) - 1);
  auto bad = select_checks({"no-such-check"}, {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("no-such-check"), std::string::npos);
  EXPECT_FALSE(select_checks({}, {"typo"}));
}

TEST(AllChecks, TerminatedAndShuttingDownInstancesAreNeverJudged) {
  Fixture fx;
  CheckContext context;
  context.approved = {arn("instance-profile", "app")};
  const auto v = run_verdicts(fx.inventory, all_checks(), context);  // also: one finding per resource and check
  for (const char* gone : {"i-terminated", "i-shutting"}) {
    for (const auto& [key, status] : v) EXPECT_NE(key.first, gone);
  }
}

TEST(AllChecks, FindingsCarryTheirCheckSeverityAndResourceType) {
  Fixture fx;
  CheckContext context;
  context.approved = {arn("instance-profile", "app")};
  const auto findings = run_checks(fx.inventory, all_checks(), context);
  std::set<std::string> seen;
  for (const auto& f : findings) {
    const Check* check = find_check(f.check_id);
    ASSERT_NE(check, nullptr) << f.check_id;
    seen.insert(f.check_id);
    EXPECT_EQ(f.severity, check->info().severity) << f.check_id;
    EXPECT_EQ(f.resource_type, check->info().resource_type) << f.check_id << " " << f.resource_id;
    EXPECT_EQ(f.account_id, kAccount);
    EXPECT_EQ(f.region, "us-east-1");
    EXPECT_FALSE(f.message.empty()) << f.check_id << " " << f.resource_id;
  }
  EXPECT_EQ(seen.size(), all_checks().size()) << "every check judged something";
}

TEST(AllChecks, NoFindingHoldsTheSecret) {
  Fixture fx;
  for (const auto& f : run_checks(fx.inventory, all_checks(), {})) {
    for (const std::string* text :
         {&f.message, &f.evidence.location, &f.evidence.detail, &f.evidence.key_id_redacted}) {
      EXPECT_EQ(text->find("AKIAQWERTYUIOPASDF23"), std::string::npos);
      EXPECT_EQ(text->find("q8Zr3Lw9Tx2Vb7Nm4Kp1"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace rolecall::checks
