// role-trusts-ec2 (docs/checks/role-trusts-ec2.md): PASS when an Allow statement grants
// sts:AssumeRole (or sts:*, *) to ec2.amazonaws.com (.cn in China) and no unconditional Deny blocks
// it; FAIL when EC2 is not trusted, is denied, or everyone is; ERROR when IAM is unreadable or the
// trust policy is not JSON; not judged when the profile resolves to no role.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kTrustsEc2Id = "role-trusts-ec2";

// A trust policy of the given statements (JSON objects, comma-separated).
std::string trust(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

const std::string kAllowEc2 =
    R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})";

TEST(RoleTrustsEc2, FailsARoleEc2CannotAssume) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&role_trusts_ec2_check()});
  const std::optional<Status> N;  // not judged: no resolved role
  expect_verdicts(v, kTrustsEc2Id, Status::kPass,
                  {{"i-noprofile", N},
                   {"i-lambda", Status::kFail},
                   {"i-empty", N},
                   {"i-ghostrole", N},
                   {"i-deleted", N},
                   {"i-replaced", N}});
}

TEST(RoleTrustsEc2, JudgesEachTrustPolicyShape) {
  Fixture fx;
  const auto P = Status::kPass, F = Status::kFail, E = Status::kError;
  const struct {
    const char* name;
    std::string policy;
    Status expected;
  } cases[] = {
      {"sts-star", trust(R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:*"})"), P},
      {"any-action", trust(R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"*"})"), P},
      {"china", trust(R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com.cn"},"Action":"sts:AssumeRole"})"),
       P},
      {"denied",
       trust(kAllowEc2 + R"(,{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})"),
       F},
      {"conditional-deny",
       trust(kAllowEc2 + R"(,{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole",)"
                         R"("Condition":{"StringNotEquals":{"aws:SourceAccount":"111111111111"}}})"),
       P},
      {"everyone", trust(R"({"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"})"), F},
      {"aws-everyone", trust(kAllowEc2 + R"(,{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"})"),
       F},
      {"tag-only", trust(R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:TagSession"})"),
       F},
      {"not-json", "{\"Statement\": [", E},
  };
  for (const auto& c : cases) fx.add_role_instance(c.name, c.policy);
  const auto v = run_verdicts(fx.inventory, {&role_trusts_ec2_check()});
  for (const auto& c : cases) EXPECT_EQ(status_of(v, std::string("i-") + c.name, kTrustsEc2Id), c.expected) << c.name;
}

TEST(RoleTrustsEc2, EvidenceIsTheDecidingStatement) {
  Fixture fx;
  fx.add_role_instance(
      "denied",
      trust(kAllowEc2 + R"(,{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})"));
  fx.add_role_instance("everyone", trust(kAllowEc2 + R"(,{"Effect":"Allow","Principal":"*","Action":"sts:*"})"));
  const auto findings = findings_of(role_trusts_ec2_check(), fx.inventory);
  const Finding app = finding_on(findings, kTrustsEc2Id, "i-app");
  EXPECT_EQ(app.status, Status::kPass);
  EXPECT_EQ(app.severity, Severity::kHigh);
  EXPECT_EQ(app.evidence.role_arn, arn("role", "app"));
  EXPECT_NE(app.evidence.statement.find("ec2.amazonaws.com"), std::string::npos) << app.evidence.statement;
  EXPECT_NE(app.evidence.statement.find("Allow"), std::string::npos) << app.evidence.statement;
  const Finding denied = finding_on(findings, kTrustsEc2Id, "i-denied");
  EXPECT_NE(denied.evidence.statement.find("Deny"), std::string::npos) << denied.evidence.statement;
  const Finding everyone = finding_on(findings, kTrustsEc2Id, "i-everyone");
  EXPECT_NE(everyone.evidence.statement.find(R"("Principal":"*")"), std::string::npos) << everyone.evidence.statement;
}

TEST(RoleTrustsEc2, UnreadableIamIsErrorNeverPass) {
  const auto v = verdicts_without_iam(role_trusts_ec2_check());
  EXPECT_EQ(status_of(v, "i-app", kTrustsEc2Id), Status::kError);
  EXPECT_EQ(status_of(v, "i-admin", kTrustsEc2Id), Status::kError);
  EXPECT_FALSE(status_of(v, "i-noprofile", kTrustsEc2Id));
}

}  // namespace
}  // namespace rolecall::checks
