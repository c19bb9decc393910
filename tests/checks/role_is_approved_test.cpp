// role-is-approved (docs/checks/role-is-approved.md): PASS when the profile ARN or its role's ARN
// is approved, FAIL when neither is, ERROR when the profile is not listed and IAM (needed to learn
// the role) could not be read; not judged without a list or without a profile.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kRoleApprovedId = "role-is-approved";

CheckContext approving(std::vector<std::string> arns) {
  CheckContext context;
  context.approved = std::move(arns);
  return context;
}

TEST(RoleIsApproved, ApprovedList) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&role_is_approved_check()},
                              approving({arn("instance-profile", "app"), arn("role", "admin")}));
  EXPECT_EQ(status_of(v, "i-app", kRoleApprovedId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-admin", kRoleApprovedId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-star", kRoleApprovedId), Status::kFail);
  EXPECT_EQ(status_of(v, "i-deleted", kRoleApprovedId), Status::kFail);
  EXPECT_FALSE(status_of(v, "i-noprofile", kRoleApprovedId));
}

TEST(RoleIsApproved, NoListMeansNotJudged) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&role_is_approved_check()});
  EXPECT_TRUE(v.empty());
  expect_verdicts(v, kRoleApprovedId, std::nullopt, {});  // no approved list: not judged
}

TEST(RoleIsApproved, UnreadableIamPassesAListedProfileAndIsErrorOtherwise) {
  const auto v =
      verdicts_without_iam(role_is_approved_check(), approving({arn("instance-profile", "app"), arn("role", "admin")}));
  EXPECT_EQ(status_of(v, "i-app", kRoleApprovedId), Status::kPass);  // the profile ARN needs no IAM
  EXPECT_EQ(status_of(v, "i-admin", kRoleApprovedId),
            Status::kError);  // only the role could pass it, and IAM is unknown
  EXPECT_EQ(status_of(v, "i-star", kRoleApprovedId), Status::kError);
  EXPECT_FALSE(status_of(v, "i-noprofile", kRoleApprovedId));
}

TEST(RoleIsApproved, FailureNamesTheProfileAndTheRole) {
  Fixture fx;
  const auto findings = findings_of(role_is_approved_check(), fx.inventory, approving({arn("role", "admin")}));
  const Finding star = finding_on(findings, kRoleApprovedId, "i-star");
  EXPECT_EQ(star.status, Status::kFail);
  EXPECT_EQ(star.severity, Severity::kMedium);
  EXPECT_NE(star.message.find(arn("instance-profile", "star")), std::string::npos) << star.message;
  EXPECT_NE(star.message.find(arn("role", "star")), std::string::npos) << star.message;
  EXPECT_EQ(finding_on(findings, kRoleApprovedId, "i-admin").status, Status::kPass);
  // A profile holding no role can still fail on its own ARN.
  EXPECT_EQ(finding_on(findings, kRoleApprovedId, "i-empty").status, Status::kFail);
}

}  // namespace
}  // namespace rolecall::checks
