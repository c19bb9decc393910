// policy::evaluate_bounded: identity policies under a permissions boundary, as IAM combines them.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/policy/policy_eval.h"
#include "emulator_policy/policy_doc.h"

namespace rolecall::emulator::policy {
namespace {

using nlohmann::json;

const char* kAdmin = R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
const char* kEc2ReadBoundary =
    R"({"Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:*"],"Resource":"*"},
                     {"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]})";
const char* kS3Only = R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

TEST(EvaluateBounded, WithoutBoundaryIsThePoliciesDecision) {
  std::vector<NamedPolicy> policies = {policy("inline/admin", kAdmin)};
  auto e = evaluate_bounded(policies, nullptr, "iam:ListRoles", "*");
  EXPECT_EQ(e.evaluation.decision, Decision::kAllowed);
  EXPECT_FALSE(e.has_boundary);
  EXPECT_TRUE(e.boundary_allows);
  EXPECT_FALSE(e.denied_by_boundary);
}

TEST(EvaluateBounded, AllowedOnlyWhereBothAllow) {
  std::vector<NamedPolicy> policies = {policy("inline/admin", kAdmin)};
  NamedPolicy boundary = policy("arn:aws:iam::111111111111:policy/bound", kEc2ReadBoundary);
  auto both = evaluate_bounded(policies, &boundary, "ec2:DescribeInstances", "*");
  EXPECT_EQ(both.evaluation.decision, Decision::kAllowed);
  EXPECT_EQ(both.evaluation.matched_source, "inline/admin");
  EXPECT_TRUE(both.boundary_allows);

  auto policy_only = evaluate_bounded(policies, &boundary, "iam:ListRoles", "*");
  EXPECT_EQ(policy_only.evaluation.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(policy_only.evaluation.matched_source.empty());
  EXPECT_FALSE(policy_only.boundary_allows);
  EXPECT_TRUE(policy_only.denied_by_boundary);

  std::vector<NamedPolicy> narrow = {policy("inline/s3", kS3Only)};
  auto boundary_only = evaluate_bounded(narrow, &boundary, "ec2:DescribeInstances", "*");
  EXPECT_EQ(boundary_only.evaluation.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(boundary_only.boundary_allows);
  EXPECT_FALSE(boundary_only.denied_by_boundary);
}

TEST(EvaluateBounded, ExplicitDenyInEitherDenies) {
  std::vector<NamedPolicy> policies = {policy("inline/admin", kAdmin)};
  NamedPolicy boundary = policy("arn:aws:iam::111111111111:policy/bound", kEc2ReadBoundary);
  auto in_boundary = evaluate_bounded(policies, &boundary, "s3:DeleteBucket", "arn:aws:s3:::b");
  EXPECT_EQ(in_boundary.evaluation.decision, Decision::kExplicitDeny);
  EXPECT_EQ(in_boundary.evaluation.matched_source, "arn:aws:iam::111111111111:policy/bound");
  EXPECT_EQ(in_boundary.evaluation.matched_statement, 1);
  EXPECT_TRUE(in_boundary.denied_by_boundary);
  EXPECT_FALSE(in_boundary.boundary_allows);

  policies.push_back(policy("inline/deny", R"({"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})"));
  auto in_policy = evaluate_bounded(policies, &boundary, "s3:GetObject", "*");
  EXPECT_EQ(in_policy.evaluation.decision, Decision::kExplicitDeny);
  EXPECT_EQ(in_policy.evaluation.matched_source, "inline/deny");
  EXPECT_FALSE(in_policy.denied_by_boundary);
  EXPECT_TRUE(in_policy.boundary_allows);
}

TEST(EvaluateBounded, BoundaryConditionsReadTheRequestKeys) {
  std::vector<NamedPolicy> policies = {policy("inline/admin", kAdmin)};
  NamedPolicy boundary = policy("arn:aws:iam::111111111111:policy/pass",
                                R"({"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
          "Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]})");
  EXPECT_EQ(evaluate_bounded(policies, &boundary, "iam:PassRole", "*", {{"iam:PassedToService", "ec2.amazonaws.com"}})
                .evaluation.decision,
            Decision::kAllowed);
  EXPECT_EQ(evaluate_bounded(policies, &boundary, "iam:PassRole", "*").evaluation.decision, Decision::kImplicitDeny);
}

}  // namespace
}  // namespace rolecall::emulator::policy
