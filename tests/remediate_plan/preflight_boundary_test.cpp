// Preflight of a role the plan creates with its user's permissions boundary: accounts that require
// boundaries allow iam:CreateRole only when the request names one (condition key
// iam:PermissionsBoundary), so the simulation must supply the role's boundary, or a permitted
// creation reads as denied.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "emulator/emulator.h"
#include "remediate/preflight.h"
#include "support/emulator_fixture.h"

namespace rolecall::remediate {
namespace {

using PreflightBoundary = rolecall::testing::EmulatorFixture;

constexpr const char* kBoundary = "arn:aws:iam::111111111111:policy/dev-boundary";
constexpr const char* kRole = "arn:aws:iam::111111111111:role/rolecall-deploy";

// A delegated administrator who may create roles only with the dev boundary.
nlohmann::json bounded_estate() {
  return nlohmann::json::parse(R"({
    "schema_version": 1,
    "regions": ["us-east-1"],
    "accounts": [{
      "id": "111111111111", "name": "prod",
      "users": [
        {"name": "admin",
         "access_keys": [{"id": "AKIAADMINADMINADMIN1", "secret": "adminsecretadminsecretadminsecret0000000"}],
         "attached_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
        {"name": "delegate",
         "access_keys": [{"id": "AKIADELEGATEDELEGAT2", "secret": "delegatesecretdelegatesecretdelegatesec0"}],
         "inline_policies": [{"name": "create-with-boundary", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Resource": "*",
            "Action": ["iam:Get*", "iam:List*", "iam:SimulatePrincipalPolicy", "sts:GetCallerIdentity"]},
           {"Effect": "Allow", "Resource": "*", "Action": "iam:CreateRole",
            "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/dev-boundary"}}}
         ]}}]}
      ],
      "instances": []
    }]
  })");
}

const std::string kDelegateProfile =
    "\n[delegate]\naws_access_key_id = AKIADELEGATEDELEGAT2\naws_secret_access_key = "
    "delegatesecretdelegatesecretdelegatesec0\n";

TEST_F(PreflightBoundary, CreateRoleIsSimulatedWithTheRolesBoundary) {
  emulator::EmulatorOptions eo;
  eo.estate = bounded_estate();
  start_emulator(eo, kDelegateProfile);
  auto s = session("delegate");
  ASSERT_TRUE(s);
  auto client = s->client(s->credentials(), "delegate");
  auto create_role_status = [&](const std::string& boundary) {
    PreflightTarget target;
    target.account_id = "111111111111";
    target.caller = client.get();
    target.scoped.push_back({kRole, {"iam:CreateRole"}, boundary});
    auto report = run_preflight(s->loop(), {target});
    EXPECT_TRUE(report) << report.error().describe();
    std::map<std::string, PermissionCheck> on_role;
    for (const auto& c : report->accounts.at(0).checks) {
      if (c.resource == kRole) on_role[c.action] = c;
    }
    EXPECT_TRUE(on_role.contains("iam:CreateRole"));
    return on_role["iam:CreateRole"].status;
  };
  EXPECT_EQ(create_role_status(kBoundary), PermissionStatus::kGranted) << "the role carries the required boundary";
  EXPECT_EQ(create_role_status(""), PermissionStatus::kDenied) << "without a boundary the account refuses it";
  EXPECT_EQ(create_role_status("arn:aws:iam::111111111111:policy/other"), PermissionStatus::kDenied);
}

TEST(PreflightTargets, ARoleWithABoundaryIsCheckedWithIt) {
  Plan plan;
  plan.migrate_keys = true;
  RoleToCreate r;
  r.account_id = "111111111111";
  r.user = "deploy";
  r.role_name = "rolecall-deploy";
  r.permissions_boundary_arn = kBoundary;
  plan.create_roles = {r};
  auto targets = preflight_targets(plan, {}, "us-east-1");
  ASSERT_EQ(targets.size(), 1u);
  ASSERT_EQ(targets[0].scoped.size(), 2u);
  EXPECT_EQ(targets[0].scoped[0].resource, kRole);
  EXPECT_EQ(targets[0].scoped[0].permissions_boundary_arn, kBoundary);
  EXPECT_EQ(targets[0].scoped[0].actions.back(), "iam:PutRolePermissionsBoundary");
  EXPECT_EQ(targets[0].scoped[0].actions.size(), created_role_actions().size() + 1);
  EXPECT_EQ(targets[0].scoped[1].permissions_boundary_arn, "") << "the instance profile has none";
}

}  // namespace
}  // namespace rolecall::remediate
