// profile-has-role (docs/checks/profile-has-role.md): PASS when the associated profile exists and
// holds a role that exists; FAIL for a deleted, recreated or empty profile or a deleted role; ERROR
// when IAM could not be read; not judged without a profile.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kProfileHasRoleId = "profile-has-role";

TEST(ProfileHasRole, EveryBrokenChainFails) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&profile_has_role_check()});
  const auto F = Status::kFail;
  expect_verdicts(
      v, kProfileHasRoleId, Status::kPass,
      {{"i-noprofile", std::nullopt}, {"i-empty", F}, {"i-ghostrole", F}, {"i-deleted", F}, {"i-replaced", F}});
}

// Recreation is concluded only from two instance-profile ids (AIPA...) that differ. Emulators such
// as moto put the association id in Instance.IamInstanceProfile.Id and their own ids in IAM: the
// ARN, which resolves, decides there.
TEST(ProfileHasRole, OnlyTwoDifferentProfileIdsMeanRecreated) {
  Fixture fx;
  fx.add_instance("i-association-id", "app").profile_id = "iip-assoc-0123456789abcdef0";
  fx.add_instance("i-no-id", "app").profile_id = "";
  fx.add_instance("i-bare-prefix", "app").profile_id = "AIPA";
  Fixture moto;
  moto.account->profiles.front().id = "ss2m9kx9htvp2ywtm8b2";  // moto's id for profile "app"
  moto.add_instance("i-moto", "app").profile_id = "iip-assoc-fd9aa8857f23d8cc7";
  moto.add_instance("i-moto-aipa", "app").profile_id = "AIPAOTHERPROFILEID234";

  const auto v = run_verdicts(fx.inventory, {&profile_has_role_check()});
  EXPECT_EQ(status_of(v, "i-association-id", kProfileHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-no-id", kProfileHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-bare-prefix", kProfileHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-replaced", kProfileHasRoleId), Status::kFail);  // AIPAold vs AIPAapp
  const auto m = run_verdicts(moto.inventory, {&profile_has_role_check()});
  EXPECT_EQ(status_of(m, "i-moto", kProfileHasRoleId), Status::kPass);
  EXPECT_EQ(status_of(m, "i-moto-aipa", kProfileHasRoleId), Status::kPass);  // IAM's id is not an AIPA id: no proof
}

TEST(ProfileHasRole, UnreadableIamIsErrorNeverPass) {
  const auto v = verdicts_without_iam(profile_has_role_check());
  EXPECT_EQ(status_of(v, "i-app", kProfileHasRoleId), Status::kError);
  EXPECT_EQ(status_of(v, "i-admin", kProfileHasRoleId), Status::kError);
  EXPECT_EQ(status_of(v, "i-deleted", kProfileHasRoleId), Status::kError);
  EXPECT_FALSE(status_of(v, "i-noprofile", kProfileHasRoleId));
}

TEST(ProfileHasRole, IamNeverCollectedIsErrorToo) {
  Fixture fx;
  fx.account->iam_collected = false;  // and no error recorded
  const auto findings = findings_of(profile_has_role_check(), fx.inventory);
  const Finding app = finding_on(findings, kProfileHasRoleId, "i-app");
  EXPECT_EQ(app.status, Status::kError);
  EXPECT_NE(app.message.find("not collected"), std::string::npos) << app.message;
}

TEST(ProfileHasRole, FindingsNameTheProfileAndRole) {
  Fixture fx;
  const auto findings = findings_of(profile_has_role_check(), fx.inventory);
  const Finding app = finding_on(findings, kProfileHasRoleId, "i-app");
  EXPECT_EQ(app.severity, Severity::kHigh);
  EXPECT_EQ(app.resource_type, "instance");
  EXPECT_EQ(app.evidence.profile_arn, arn("instance-profile", "app"));
  EXPECT_EQ(app.evidence.role_arn, arn("role", "app"));
  // The deleted role is still named: it is what the profile points at.
  EXPECT_EQ(finding_on(findings, kProfileHasRoleId, "i-ghostrole").evidence.role_arn, arn("role", "deleted"));
  EXPECT_NE(finding_on(findings, kProfileHasRoleId, "i-replaced").message.find("AIPAold"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::checks
