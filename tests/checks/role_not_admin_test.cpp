// role-not-admin (docs/checks/role-not-admin.md): FAIL when AdministratorAccess is attached or an
// Allow statement grants * or a privilege-escalation action on every resource (wildcards and
// NotAction count) unless an unconditional Deny in the same document covers it; ERROR when IAM is
// unreadable or a policy document is missing or malformed; not judged without a resolved role.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kRoleNotAdminId = "role-not-admin";

// A policy document of the given statements (JSON objects, comma-separated).
std::string policy(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

// An Allow statement of `action` (a JSON value) on `resource` (a JSON value).
std::string allow(const std::string& action, const std::string& resource = R"("*")") {
  return R"({"Effect":"Allow","Action":)" + action + R"(,"Resource":)" + resource + "}";
}

TEST(RoleNotAdmin, FailsAdministratorAndEscalationRoles) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&role_not_admin_check()});
  const auto F = Status::kFail;
  const std::optional<Status> N;  // not judged: no resolved role
  expect_verdicts(v, kRoleNotAdminId, Status::kPass,
                  {{"i-noprofile", N},
                   {"i-admin", F},
                   {"i-star", F},
                   {"i-passrole", F},
                   {"i-empty", N},
                   {"i-ghostrole", N},
                   {"i-deleted", N},
                   {"i-replaced", N}});
}

TEST(RoleNotAdmin, EveryDocumentedEscalationActionOnEveryResourceFails) {
  // The list in docs/checks/role-not-admin.md, written out here so the code cannot drift from it.
  const char* documented[] = {
      "iam:PassRole",
      "iam:CreatePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:AttachRolePolicy",
      "iam:AttachUserPolicy",
      "iam:AttachGroupPolicy",
      "iam:PutRolePolicy",
      "iam:PutUserPolicy",
      "iam:PutGroupPolicy",
      "iam:CreateAccessKey",
      "iam:UpdateAssumeRolePolicy",
      "iam:CreateLoginProfile",
      "iam:UpdateLoginProfile",
      "iam:AddUserToGroup",
      "iam:*",
      "iam:Pass*",
  };
  Fixture fx;
  int n = 0;
  for (const char* action : documented) {
    fx.add_role_instance("esc" + std::to_string(n++), kEc2Trust, {},
                         {{"p", policy(allow(std::string("\"") + action + "\""))}});
  }
  const auto v = run_verdicts(fx.inventory, {&role_not_admin_check()});
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(status_of(v, "i-esc" + std::to_string(i), kRoleNotAdminId), Status::kFail) << documented[i];
  }
}

TEST(RoleNotAdmin, JudgesEachPolicyShape) {
  const std::string kDenyIam = R"({"Effect":"Deny","Action":"iam:*","Resource":"*"})";
  const std::string kConditionalDenyIam =
      R"({"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}})";
  const auto P = Status::kPass, F = Status::kFail, E = Status::kError;
  const struct {
    const char* name;
    std::vector<InlinePolicy> inline_policies;
    Status expected;
  } cases[] = {
      {"star-star", {{"p", policy(allow(R"("*:*")"))}}, F},
      {"not-action-s3", {{"p", policy(R"({"Effect":"Allow","NotAction":"s3:*","Resource":"*"})")}}, F},
      {"not-action-iam", {{"p", policy(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")}}, P},
      {"scoped-passrole", {{"p", policy(allow(R"("iam:PassRole")", R"("arn:aws:iam::111111111111:role/app")"))}}, P},
      {"scoped-star", {{"p", policy(allow(R"("*")", R"("arn:aws:s3:::bucket/*")"))}}, P},
      {"s3-everything", {{"p", policy(allow(R"("s3:*")"))}}, P},
      {"denied", {{"p", policy(allow(R"("iam:PassRole")") + "," + kDenyIam)}}, P},
      {"conditionally-denied", {{"p", policy(allow(R"("iam:PassRole")") + "," + kConditionalDenyIam)}}, F},
      // The Deny must be in the same document.
      {"denied-elsewhere", {{"a", policy(allow(R"("iam:PassRole")"))}, {"b", policy(kDenyIam)}}, F},
      {"malformed", {{"p", R"({"Statement": [)"}}, E},
  };
  Fixture fx;
  for (const auto& c : cases) fx.add_role_instance(c.name, kEc2Trust, {}, c.inline_policies);
  const auto v = run_verdicts(fx.inventory, {&role_not_admin_check()});
  for (const auto& c : cases)
    EXPECT_EQ(status_of(v, std::string("i-") + c.name, kRoleNotAdminId), c.expected) << c.name;
}

TEST(RoleNotAdmin, AttachedManagedPoliciesAreJudgedByTheirDefaultVersion) {
  Fixture fx;
  fx.account->policies.push_back({arn("policy", "broken"), "broken", "v2", "not json"});
  fx.account->policies.push_back({arn("policy", "reader"), "reader", "v4", policy(allow(R"("ec2:Describe*")"))});
  fx.add_role_instance("broken", kEc2Trust, {arn("policy", "broken")});
  fx.add_role_instance("reader", kEc2Trust, {arn("policy", "reader")});
  const auto v = run_verdicts(fx.inventory, {&role_not_admin_check()});
  EXPECT_EQ(status_of(v, "i-broken", kRoleNotAdminId), Status::kError);
  EXPECT_EQ(status_of(v, "i-reader", kRoleNotAdminId), Status::kPass);
}

TEST(RoleNotAdmin, EvidenceNamesThePolicyAndTheDecidingStatement) {
  Fixture fx;
  const auto findings = findings_of(role_not_admin_check(), fx.inventory);
  const Finding star = finding_on(findings, kRoleNotAdminId, "i-star");
  EXPECT_EQ(star.severity, Severity::kCritical);
  EXPECT_EQ(star.evidence.policy_arn, "inline:all");
  EXPECT_NE(star.evidence.statement.find("\"*\""), std::string::npos);
  EXPECT_EQ(star.evidence.role_arn, arn("role", "star"));
  const Finding admin = finding_on(findings, kRoleNotAdminId, "i-admin");
  EXPECT_EQ(admin.evidence.policy_arn, "arn:aws:iam::aws:policy/AdministratorAccess");
  const Finding passrole = finding_on(findings, kRoleNotAdminId, "i-passrole");
  EXPECT_EQ(passrole.evidence.policy_arn, arn("policy", "pass"));
  EXPECT_NE(passrole.evidence.statement.find("iam:PassRole"), std::string::npos) << passrole.evidence.statement;
  const Finding app = finding_on(findings, kRoleNotAdminId, "i-app");
  EXPECT_EQ(app.status, Status::kPass);
  EXPECT_TRUE(app.evidence.policy_arn.empty());
  EXPECT_TRUE(app.evidence.statement.empty());
}

TEST(RoleNotAdmin, MissingPolicyDocumentIsError) {
  Fixture fx;
  fx.account->policies.clear();
  fx.account->build_index();
  const auto v = run_verdicts(fx.inventory, {&role_not_admin_check()});
  EXPECT_EQ(status_of(v, "i-passrole", kRoleNotAdminId), Status::kError);
  EXPECT_EQ(status_of(v, "i-admin", kRoleNotAdminId), Status::kFail);  // known by ARN alone
}

TEST(RoleNotAdmin, UnreadableIamIsErrorNeverPass) {
  const auto v = verdicts_without_iam(role_not_admin_check());
  EXPECT_EQ(status_of(v, "i-app", kRoleNotAdminId), Status::kError);
  EXPECT_EQ(status_of(v, "i-admin", kRoleNotAdminId), Status::kError);
  EXPECT_FALSE(status_of(v, "i-noprofile", kRoleNotAdminId));
}

}  // namespace
}  // namespace rolecall::checks
