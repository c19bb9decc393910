// Preflight of a key migration plan that creates rolecall-<user> roles: every role and profile
// action apply and rollback make is simulated on the ARN of each role and profile the plan creates.
#include <gtest/gtest.h>

#include <algorithm>

#include "remediate/preflight.h"

namespace rolecall::remediate {
namespace {

TEST(PreflightTargets, ARoleThePlanCreatesIsCheckedOnItsOwnArnsWithTheRollbackActions) {
  Plan plan;
  plan.migrate_keys = true;
  plan.create_roles = {{"222222222222", "deploy", "rolecall-deploy", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}, {}}};
  PlannedAction a;
  a.kind = ActionKind::kReplace;
  a.before.instance_id = "i-1";
  a.before.account_id = "222222222222";
  a.before.region = "eu-west-1";
  a.target = {"arn:aws:iam::222222222222:instance-profile/rolecall-deploy", "rolecall-deploy",
              "arn:aws:iam::222222222222:role/rolecall-deploy"};
  plan.actions.push_back(a);
  auto targets = preflight_targets(plan, {}, "us-east-1");
  ASSERT_EQ(targets.size(), 1u);
  const PreflightTarget& t = targets[0];
  ASSERT_EQ(t.scoped.size(), 2u);
  EXPECT_EQ(t.scoped[0].resource, "arn:aws:iam::222222222222:role/rolecall-deploy");
  EXPECT_EQ(t.scoped[0].actions, created_role_actions());
  EXPECT_EQ(t.scoped[1].resource, "arn:aws:iam::222222222222:instance-profile/rolecall-deploy");
  EXPECT_EQ(t.scoped[1].actions, created_profile_actions());
  auto has = [](const std::vector<std::string>& v, const char* action) {
    return std::find(v.begin(), v.end(), action) != v.end();
  };
  for (const char* action : {"iam:CreateRole", "iam:TagRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                             "iam:GetRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRole"}) {
    EXPECT_TRUE(has(created_role_actions(), action)) << action;
  }
  for (const char* action : {"iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
                             "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"}) {
    EXPECT_TRUE(has(created_profile_actions(), action)) << action;
  }
  // The role is passed to EC2 too (the association), with the condition key.
  EXPECT_EQ(t.pass_role_arns, std::vector<std::string>{"arn:aws:iam::222222222222:role/rolecall-deploy"});

  Plan plain = plan;
  plain.create_roles.clear();
  EXPECT_TRUE(preflight_targets(plain, {}, "us-east-1")[0].scoped.empty()) << "only a plan that creates roles";
}

}  // namespace
}  // namespace rolecall::remediate
