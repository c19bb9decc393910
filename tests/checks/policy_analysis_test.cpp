#include "checks/policy_analysis.h"

#include <gtest/gtest.h>

namespace rolecall::checks {
namespace {

std::string allow_statement(const std::string& action, const std::string& resource) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":)" + action + R"(,"Resource":)" + resource +
         "}]}";
}

TEST(DangerousGrants, FullAdministrator) {
  for (const char* action : {R"("*")", R"("*:*")", R"(["s3:GetObject","*"])"}) {
    auto grants = dangerous_grants("p", allow_statement(action, R"("*")"));
    ASSERT_TRUE(grants) << action;
    ASSERT_EQ(grants->size(), 1u) << action;
    EXPECT_EQ((*grants)[0].action, "*");
    EXPECT_NE((*grants)[0].statement.find("Allow"), std::string::npos);
  }
}

TEST(DangerousGrants, EscalationActionsOnEveryResource) {
  for (const char* action : {R"("iam:PassRole")", R"("iam:Pass*")", R"("iam:*")", R"("IAM:CreatePolicyVersion")",
                             R"(["ec2:Describe*","iam:AttachRolePolicy"])"}) {
    auto grants = dangerous_grants("p", allow_statement(action, R"("*")"));
    ASSERT_TRUE(grants);
    EXPECT_EQ(grants->size(), 1u) << action;
  }
}

TEST(DangerousGrants, ScopedOrHarmlessGrantsPass) {
  EXPECT_TRUE(dangerous_grants("p", allow_statement(R"("iam:PassRole")", R"("arn:aws:iam::1:role/app")"))->empty());
  EXPECT_TRUE(dangerous_grants("p", allow_statement(R"("s3:*")", R"("*")"))->empty());
  EXPECT_TRUE(dangerous_grants("p", allow_statement(R"("*")", R"("arn:aws:s3:::bucket/*")"))->empty());
  EXPECT_TRUE(dangerous_grants("p", allow_statement(R"("ec2:Describe*")", R"("*")"))->empty());
}

TEST(DangerousGrants, NotActionAndDeny) {
  // NotAction iam:* on * still leaves iam alone: no escalation.
  EXPECT_TRUE(dangerous_grants("p", R"({"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}})")->empty());
  // NotAction s3:* on * grants iam:PassRole.
  EXPECT_EQ(dangerous_grants("p", R"({"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}})")->size(), 1u);
  // An unconditional Deny removes the grant; a conditional one does not.
  EXPECT_TRUE(dangerous_grants("p", R"({"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},
      {"Effect":"Deny","Action":"iam:*","Resource":"*"}]})")
                  ->empty());
  EXPECT_EQ(dangerous_grants("p", R"({"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},
      {"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]})")
                ->size(),
            1u);
}

TEST(DangerousGrants, MalformedDocumentIsAParseError) {
  auto r = dangerous_grants("inline:x", R"({"Statement": [)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_NE(r.error().message.find("inline:x"), std::string::npos);
  EXPECT_FALSE(dangerous_grants("p", "[]"));
}

TEST(Trust, Ec2ServicePrincipal) {
  auto v = analyse_trust(
      R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ec2_can_assume);
  EXPECT_FALSE(v->too_broad);
  v = analyse_trust(
      R"({"Statement":{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]},"Action":["sts:AssumeRole","sts:TagSession"]}})");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ec2_can_assume);
}

TEST(Trust, WrongOrBroadPrincipals) {
  auto lambda = analyse_trust(
      R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
  ASSERT_TRUE(lambda);
  EXPECT_FALSE(lambda->ec2_can_assume);
  auto star = analyse_trust(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]})");
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->too_broad);
  auto aws_star = analyse_trust(
      R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
      {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})");
  ASSERT_TRUE(aws_star);
  EXPECT_TRUE(aws_star->too_broad);
  auto denied = analyse_trust(
      R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
      {"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:*"}]})");
  ASSERT_TRUE(denied);
  EXPECT_FALSE(denied->ec2_can_assume);
  auto wrong_action = analyse_trust(
      R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:TagSession"}]})");
  ASSERT_TRUE(wrong_action);
  EXPECT_FALSE(wrong_action->ec2_can_assume);
  EXPECT_FALSE(analyse_trust("not json"));
}

TEST(PolicyNaming, AUserNamedAsPrincipalOrInAConditionOnAssumeRole) {
  const std::string u = "arn:aws:iam::111111111111:user/deploy";
  auto named =
      policy_naming("trust policy",
                    R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:user/other",)"
                    R"("arn:aws:iam::111111111111:user/deploy"]},"Action":"sts:AssumeRole"}]})",
                    u, "sts:AssumeRole");
  ASSERT_TRUE(named);
  EXPECT_TRUE(named->allows);
  EXPECT_FALSE(named->denies);
  // The account as principal, narrowed to U by a condition: names U.
  auto by_condition = policy_naming(
      "trust policy",
      R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",)"
      R"("Condition":{"ArnEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:user/deploy"]}}}]})",
      u, "sts:AssumeRole");
  ASSERT_TRUE(by_condition);
  EXPECT_TRUE(by_condition->allows);
  auto denied = policy_naming(
      "trust policy",
      R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"},)"
      R"({"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/deploy"},"Action":"sts:*"}]})",
      u, "sts:AssumeRole");
  ASSERT_TRUE(denied);
  EXPECT_FALSE(denied->allows) << "the account principal treats every principal alike";
  EXPECT_TRUE(denied->denies);
}

TEST(PolicyNaming, OtherPrincipalsActionsAndPrefixesDoNotName) {
  const std::string u = "arn:aws:iam::111111111111:user/deploy";
  for (
      const char* doc : {
          R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})",
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/deployer"},"Action":"sts:AssumeRole"}]})",
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/deploy"},"Action":"sts:TagSession"}]})",
          R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:user/deploy"},"Action":"sts:AssumeRole"}})",
      }) {
    auto naming = policy_naming("trust policy", doc, u, "sts:AssumeRole");
    ASSERT_TRUE(naming) << doc;
    EXPECT_FALSE(naming->allows) << doc;
    EXPECT_FALSE(naming->denies) << doc;
  }
  EXPECT_EQ(policy_naming("trust policy", "{", u).error().kind, ErrorKind::kParse);
}

TEST(PolicyNaming, AStatementSparingOnlyTheUserReadsTheOtherWay) {
  const std::string u = "arn:aws:iam::111111111111:user/deploy";
  // The usual way to keep a bucket to one principal: deny everyone else. The user keeps a grant
  // another principal (its role) does not have.
  auto only_user =
      policy_naming("bucket policy of b",
                    R"({"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",)"
                    R"("Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/deploy"}}}]})",
                    u);
  ASSERT_TRUE(only_user);
  EXPECT_TRUE(only_user->allows);
  EXPECT_FALSE(only_user->denies);
  // Allowing everyone but the user: another principal gains what the user did not have.
  auto all_but_user = policy_naming(
      "bucket policy of b",
      R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject",)"
      R"("Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:user/deploy"]}}}]})",
      u);
  ASSERT_TRUE(all_but_user);
  EXPECT_FALSE(all_but_user->allows);
  EXPECT_TRUE(all_but_user->denies);
}

TEST(PolicyNaming, ABucketPolicyNamesTheUserOnAnyAction) {
  const std::string u = "arn:aws:iam::111111111111:user/deploy";
  const std::string doc =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/deploy"},)"
      R"("Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::artifacts/*"}]})";
  auto any = policy_naming("bucket policy of artifacts", doc, u);
  ASSERT_TRUE(any);
  EXPECT_TRUE(any->allows);
  auto assume = policy_naming("bucket policy of artifacts", doc, u, "sts:AssumeRole");
  ASSERT_TRUE(assume);
  EXPECT_FALSE(assume->allows) << "only the statements on the action asked for";
  auto bad = policy_naming("bucket policy of artifacts", "[", u);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("bucket policy of artifacts"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace rolecall::checks
