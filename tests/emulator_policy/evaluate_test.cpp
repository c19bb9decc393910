#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/policy/policy_eval.h"
#include "emulator_policy/policy_doc.h"

namespace rolecall::emulator::policy {
namespace {

using nlohmann::json;

struct EvalCase {
  const char* name;
  const char* document;
  const char* action;
  const char* resource;
  Decision expected;
  int statement;  // expected matched_statement (-1 for implicit deny)
};

class EvaluateTable : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvaluateTable, Decides) {
  const auto& c = GetParam();
  auto result = evaluate({policy("inline/p", c.document)}, c.action, c.resource);
  EXPECT_EQ(result.decision, c.expected) << c.name << ": got " << to_string(result.decision);
  EXPECT_EQ(result.matched_statement, c.statement) << c.name;
  EXPECT_EQ(result.matched_source, c.expected == Decision::kImplicitDeny ? "" : "inline/p") << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EvaluateTable,
    ::testing::Values(
        EvalCase{"star allows all", R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
                 "iam:CreateUser", "arn:aws:iam::111111111111:user/x", Decision::kAllowed, 0},
        EvalCase{"statement as object", R"({"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}})",
                 "ec2:DescribeInstances", "*", Decision::kAllowed, 0},
        EvalCase{"action case-insensitive",
                 R"({"Statement":[{"Effect":"Allow","Action":"EC2:describeinstances","Resource":"*"}]})",
                 "ec2:DescribeInstances", "*", Decision::kAllowed, 0},
        EvalCase{"action list",
                 R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","ec2:Describe*"],"Resource":"*"}]})",
                 "ec2:DescribeRegions", "*", Decision::kAllowed, 0},
        EvalCase{"other service", R"({"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]})",
                 "iam:PassRole", "*", Decision::kImplicitDeny, -1},
        EvalCase{"resource case-sensitive",
                 R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::Bucket/*"}]})",
                 "s3:GetObject", "arn:aws:s3:::bucket/k", Decision::kImplicitDeny, -1},
        EvalCase{
            "resource list",
            R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]}]})",
            "s3:GetObject", "arn:aws:s3:::b/k", Decision::kAllowed, 0},
        EvalCase{"question mark", R"({"Statement":[{"Effect":"Allow","Action":"iam:Pass?ole","Resource":"*"}]})",
                 "iam:PassRole", "arn:aws:iam::1:role/r", Decision::kAllowed, 0},
        EvalCase{
            "deny beats allow",
            R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]})",
            "iam:PassRole", "*", Decision::kExplicitDeny, 1},
        EvalCase{
            "deny elsewhere leaves allow",
            R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]})",
            "ec2:RunInstances", "*", Decision::kAllowed, 0},
        EvalCase{"not action allow", R"({"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]})",
                 "ec2:RunInstances", "*", Decision::kAllowed, 0},
        EvalCase{"not action excludes",
                 R"({"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]})",
                 "IAM:PassRole", "*", Decision::kImplicitDeny, -1},
        EvalCase{
            "not action deny",
            R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"ec2:Describe*","Resource":"*"}]})",
            "ec2:TerminateInstances", "*", Decision::kExplicitDeny, 1},
        EvalCase{"not resource",
                 R"({"Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}]})",
                 "s3:GetObject", "arn:aws:s3:::public/x", Decision::kAllowed, 0},
        EvalCase{"not resource excludes",
                 R"({"Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}]})",
                 "s3:GetObject", "arn:aws:s3:::secret/x", Decision::kImplicitDeny, -1},
        EvalCase{
            "condition never matches allow",
            R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})",
            "ec2:RunInstances", "*", Decision::kImplicitDeny, -1},
        EvalCase{
            "condition never matches deny",
            R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]})",
            "ec2:RunInstances", "*", Decision::kAllowed, 0},
        EvalCase{
            "first allow reported",
            R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]})",
            "ec2:RunInstances", "*", Decision::kAllowed, 1},
        EvalCase{"missing resource", R"({"Statement":[{"Effect":"Allow","Action":"*"}]})", "ec2:RunInstances", "*",
                 Decision::kImplicitDeny, -1},
        EvalCase{"missing action", R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})", "ec2:RunInstances", "*",
                 Decision::kImplicitDeny, -1},
        EvalCase{"bad effect", R"({"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]})", "ec2:RunInstances",
                 "*", Decision::kImplicitDeny, -1},
        EvalCase{"empty statement list", R"({"Statement":[]})", "ec2:RunInstances", "*", Decision::kImplicitDeny, -1},
        EvalCase{"malformed values", R"({"Statement":[{"Effect":"Allow","Action":42,"Resource":{"x":1}},"junk",7]})",
                 "ec2:RunInstances", "*", Decision::kImplicitDeny, -1},
        EvalCase{"malformed list items skipped",
                 R"({"Statement":[{"Effect":"Allow","Action":[1,null,"ec2:*"],"Resource":["*"]}]})", "ec2:RunInstances",
                 "*", Decision::kAllowed, 0},
        EvalCase{"no statement", R"({"Version":"2012-10-17"})", "ec2:RunInstances", "*", Decision::kImplicitDeny, -1},
        EvalCase{"document not an object", R"(["Allow"])", "ec2:RunInstances", "*", Decision::kImplicitDeny, -1}));

TEST(Evaluate, NoPoliciesIsImplicitDeny) {
  auto result = evaluate({}, "ec2:DescribeInstances", "*");
  EXPECT_EQ(result.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(result.matched_source.empty());
  EXPECT_EQ(result.matched_statement, -1);
}

TEST(Evaluate, DenyInLaterPolicyBeatsAllowInEarlierOne) {
  std::vector<NamedPolicy> policies = {
      policy("arn:aws:iam::aws:policy/AdministratorAccess",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"),
      policy(
          "inline/guard",
          R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"ec2:Terminate*","Resource":"*"}]})")};
  auto denied = evaluate(policies, "ec2:TerminateInstances", "arn:aws:ec2:us-east-1:1:instance/i-1");
  EXPECT_EQ(denied.decision, Decision::kExplicitDeny);
  EXPECT_EQ(denied.matched_source, "inline/guard");
  EXPECT_EQ(denied.matched_statement, 1);
  auto allowed = evaluate(policies, "ec2:StopInstances", "*");
  EXPECT_EQ(allowed.decision, Decision::kAllowed);
  EXPECT_EQ(allowed.matched_source, "arn:aws:iam::aws:policy/AdministratorAccess");
  EXPECT_EQ(allowed.matched_statement, 0);
}

TEST(Evaluate, AuditorStyleInlinePolicyCoversRemediationActions) {
  std::vector<NamedPolicy> policies = {policy(
      "inline/rolecall",
      R"({"Statement":[{"Effect":"Allow","Action":["ec2:*","iam:PassRole","iam:*InstanceProfile*","sts:AssumeRole"],"Resource":"*"}]})")};
  for (const char* action : {"ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation",
                             "iam:PassRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
                             "iam:RemoveRoleFromInstanceProfile", "sts:AssumeRole"}) {
    EXPECT_EQ(evaluate(policies, action, "*").decision, Decision::kAllowed) << action;
  }
  EXPECT_EQ(evaluate(policies, "iam:CreateUser", "*").decision, Decision::kImplicitDeny);
}

// PassRole scoped to EC2, as docs/permissions/remediate.json grants it.
constexpr const char* kPassToEc2 =
    R"({"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/*",
        "Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]})";

TEST(Evaluate, StringEqualsConditionHoldsOnlyWithTheRequestKey) {
  const std::string role = "arn:aws:iam::111111111111:role/app-web";
  const std::vector<NamedPolicy> policies = {policy("inline/pass", kPassToEc2)};
  EXPECT_EQ(evaluate(policies, "iam:PassRole", role, {{"iam:PassedToService", "ec2.amazonaws.com"}}).decision,
            Decision::kAllowed);
  // Keys compare case-insensitively, values exactly.
  EXPECT_EQ(evaluate(policies, "iam:PassRole", role, {{"IAM:passedtoservice", "ec2.amazonaws.com"}}).decision,
            Decision::kAllowed);
  EXPECT_EQ(evaluate(policies, "iam:PassRole", role, {{"iam:PassedToService", "lambda.amazonaws.com"}}).decision,
            Decision::kImplicitDeny);
  // A request that does not carry the key (AddRoleToInstanceProfile) does not satisfy it.
  EXPECT_EQ(evaluate(policies, "iam:PassRole", role).decision, Decision::kImplicitDeny);
}

TEST(Evaluate, StringLikeMatchesWildcardsAndOtherOperatorsNeverApply) {
  const std::string role = "arn:aws:iam::111111111111:role/app-web";
  const std::vector<NamedPolicy> like = {
      policy("inline/like",
             R"({"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
          "Condition":{"StringLike":{"iam:PassedToService":["ec2.*","ecs.amazonaws.com"]}}}]})")};
  EXPECT_EQ(evaluate(like, "iam:PassRole", role, {{"iam:PassedToService", "ec2.amazonaws.com"}}).decision,
            Decision::kAllowed);
  EXPECT_EQ(evaluate(like, "iam:PassRole", role, {{"iam:PassedToService", "lambda.amazonaws.com"}}).decision,
            Decision::kImplicitDeny);
  const std::vector<NamedPolicy> bool_operator = {
      policy("inline/mfa", R"({"Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
          "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},
          {"Effect":"Allow","Action":"*","Resource":"*"}]})")};
  EXPECT_EQ(evaluate(bool_operator, "ec2:DescribeInstances", "*", {{"aws:MultiFactorAuthPresent", "false"}}).decision,
            Decision::kAllowed);
}

TEST(Evaluate, DecisionNames) {
  EXPECT_STREQ(to_string(Decision::kAllowed), "allowed");
  EXPECT_STREQ(to_string(Decision::kExplicitDeny), "explicitDeny");
  EXPECT_STREQ(to_string(Decision::kImplicitDeny), "implicitDeny");
}

}  // namespace
}  // namespace rolecall::emulator::policy
