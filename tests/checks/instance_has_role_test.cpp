// instance-has-role (docs/checks/instance-has-role.md): PASS when an instance profile is associated,
// FAIL when none is; terminated and shutting-down instances are not judged.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kInstanceHasRoleId = "instance-has-role";

TEST(InstanceHasRole, FailsOnlyTheInstanceWithoutAProfile) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&instance_has_role_check()});
  expect_verdicts(v, kInstanceHasRoleId, Status::kPass, {{"i-noprofile", Status::kFail}});
}

TEST(InstanceHasRole, JudgesEveryStateButTerminatedAndShuttingDown) {
  Fixture fx;
  fx.add_instance("i-pending", "").state = "pending";
  fx.add_instance("i-stopping", "app").state = "stopping";
  const auto v = run_verdicts(fx.inventory, {&instance_has_role_check()});
  EXPECT_EQ(status_of(v, "i-pending", kInstanceHasRoleId), Status::kFail);
  EXPECT_EQ(status_of(v, "i-stopping", kInstanceHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-stopped", kInstanceHasRoleId), Status::kPass);
  EXPECT_FALSE(status_of(v, "i-terminated", kInstanceHasRoleId));
  EXPECT_FALSE(status_of(v, "i-shutting", kInstanceHasRoleId));
}

TEST(InstanceHasRole, NeedsNoIam) {
  const auto v = verdicts_without_iam(instance_has_role_check());
  EXPECT_EQ(status_of(v, "i-app", kInstanceHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-noprofile", kInstanceHasRoleId), Status::kFail);
}

TEST(InstanceHasRole, FindingNamesTheInstanceAndItsProfile) {
  Fixture fx;
  const auto findings = findings_of(instance_has_role_check(), fx.inventory);
  const Finding app = finding_on(findings, kInstanceHasRoleId, "i-app");
  EXPECT_EQ(app.severity, Severity::kHigh);
  EXPECT_EQ(app.resource_type, "instance");
  EXPECT_EQ(app.account_id, kAccount);
  EXPECT_EQ(app.region, "us-east-1");
  EXPECT_EQ(app.evidence.profile_arn, arn("instance-profile", "app"));
  const Finding none = finding_on(findings, kInstanceHasRoleId, "i-noprofile");
  EXPECT_EQ(none.status, Status::kFail);
  EXPECT_TRUE(none.evidence.profile_arn.empty());
}

}  // namespace
}  // namespace rolecall::checks
