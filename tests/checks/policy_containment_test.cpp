// checks::prove_policy_within: a narrowed policy is proven within a user's policies statement by
// statement, and every way of widening one by hand fails the proof.
#include "checks/policy_containment.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rolecall::checks {
namespace {

const std::vector<std::string> kUserPolicies = {
    R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Read","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::data/*"},
      {"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*",
       "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
      {"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"deploy"}}},
      {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/*"},
      {"Effect":"Deny","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:${aws:username}-*"}]})",
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}})",
};

// The user's Deny statements as a narrowed policy carries them: the second depends on the caller,
// so it denies everywhere.
const char* kDenies = R"({"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/*"},)"
                      R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})";

std::string narrowed(const std::string& allows, const std::string& denies = kDenies) {
  return R"({"Version":"2012-10-17","Statement":[)" + allows + (allows.empty() || denies.empty() ? "" : ",") + denies +
         "]}";
}

std::string prove(const std::string& doc) {
  auto r = prove_policy_within(kUserPolicies, doc);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : "error";
}

TEST(PolicyContainment, ANarrowedPolicyIsProven) {
  EXPECT_EQ(
      prove(narrowed(R"({"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::data/*"},)"
                     R"({"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*",)"
                     R"("Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},)"
                     R"({"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"})")),
      "");
  // Actions match case-insensitively, as IAM's do.
  EXPECT_EQ(prove(narrowed(R"({"Effect":"Allow","Action":["s3:getobject"],"Resource":"arn:aws:s3:::data/*"})")), "");
  // Only Deny statements: nothing is allowed.
  EXPECT_EQ(prove(narrowed("")), "");
}

TEST(PolicyContainment, AWidenedResourceFails) {
  EXPECT_NE(prove(narrowed(R"({"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"})")), "");
  EXPECT_NE(prove(narrowed(R"({"Effect":"Allow","Action":["s3:GetObject"],"NotResource":"arn:aws:s3:::x/*"})")), "");
}

TEST(PolicyContainment, ADroppedConditionFails) {
  const std::string why = prove(narrowed(R"({"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*"})"));
  EXPECT_NE(why.find("no Allow statement of the user's covers"), std::string::npos) << why;
}

TEST(PolicyContainment, AnActionTheStatementDoesNotAllowFails) {
  // s3:PutObject is not in s3:Get* / s3:List*; iam:* is excluded by the NotAction statement.
  EXPECT_NE(prove(narrowed(R"({"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],)"
                           R"("Resource":"arn:aws:s3:::data/*"})")),
            "");
  EXPECT_NE(prove(narrowed(R"({"Effect":"Allow","Action":["iam:GetUser"],"Resource":"*",)"
                           R"("Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}})")),
            "");
}

TEST(PolicyContainment, WildcardsAndNotActionAreNotNarrowed) {
  const std::string wild =
      prove(narrowed(R"({"Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::data/*"})"));
  EXPECT_NE(wild.find("wildcard"), std::string::npos) << wild;
  EXPECT_NE(prove(narrowed(R"({"Effect":"Allow","NotAction":["iam:*"],"Resource":"*",)"
                           R"("Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}})")),
            "");
}

TEST(PolicyContainment, AStatementAboutTheCallerIsNotCarried) {
  // ec2:* is allowed to the user only under aws:username, which a role session does not answer the same way.
  const std::string why = prove(narrowed(R"({"Effect":"Allow","Action":["ec2:DescribeInstances"],"Resource":"*",)"
                                         R"("Condition":{"StringEquals":{"aws:username":"deploy"}}})"));
  EXPECT_NE(why.find("aws:username"), std::string::npos) << why;
}

TEST(PolicyContainment, EveryDenyOfTheUserMustBeKept) {
  const std::string allow = R"({"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"})";
  const std::string dropped = prove(narrowed(allow, R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})"));
  EXPECT_NE(dropped.find("s3:DeleteObject"), std::string::npos) << dropped;
  // The caller-dependent Deny copied as it is would not deny a role session: it must deny everywhere.
  EXPECT_NE(
      prove(narrowed(allow, R"({"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/*"},)"
                            R"({"Effect":"Deny","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:${aws:username}-*"})")),
      "");
  // A narrower Deny (a resource of its own) does not keep the user's.
  EXPECT_NE(
      prove(narrowed(allow, R"({"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/a"},)"
                            R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})")),
      "");
  // Widening a Deny to every resource only takes away more.
  EXPECT_EQ(prove(narrowed(allow, R"({"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},)"
                                  R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})")),
            "");
}

TEST(PolicyContainment, AdminLevelFailsEvenWithinTheUsersPolicies) {
  const std::vector<std::string> admin = {
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"};
  auto ok = prove_policy_within(admin, R"({"Version":"2012-10-17","Statement":[)"
                                       R"({"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "");
  auto escalates = prove_policy_within(admin, R"({"Version":"2012-10-17","Statement":[)"
                                              R"({"Effect":"Allow","Action":["iam:PassRole"],"Resource":"*"}]})");
  ASSERT_TRUE(escalates);
  EXPECT_NE(escalates->find("admin-level"), std::string::npos) << *escalates;
}

TEST(PolicyContainment, TheNarrowedPolicyMustBeVersionedAndPlain) {
  EXPECT_NE(prove(R"({"Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},)"
                  R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"}]})"),
            "");
  const std::string extra = prove(narrowed(R"({"Effect":"Allow","Action":["dynamodb:GetItem"],"Resource":"*",)"
                                           R"("Principal":"*"})"));
  EXPECT_NE(extra.find("Principal"), std::string::npos) << extra;
}

TEST(PolicyContainment, MalformedDocumentsAreErrors) {
  auto r = prove_policy_within({"{not json"}, narrowed(""));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(PolicyContainment, PrincipalDependence) {
  using nlohmann::json;
  EXPECT_EQ(principal_dependence(json::parse(R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})"), true), "");
  EXPECT_EQ(principal_dependence(
                json::parse(R"({"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}})"), true),
            "aws:MultiFactorAuthPresent");
  EXPECT_EQ(principal_dependence(json::parse(R"({"Resource":"arn:aws:s3:::b/${aws:userid}/*"})"), true),
            "${aws:userid}");
  EXPECT_EQ(principal_dependence(json::parse(R"({"Resource":"arn:aws:s3:::b/${aws:SourceIp}/*"})"), true), "");
  EXPECT_EQ(principal_dependence(json::parse(R"({"Resource":"arn:aws:s3:::b/${*}/*"})"), false), "")
      << "an escaped literal";
  EXPECT_NE(principal_dependence(json::parse(R"({"Resource":"arn:aws:s3:::b/${aws:SourceIp}/*"})"), false), "")
      << "without the 2012 version the text is literal, and a narrowed policy would read it as a variable";
  EXPECT_EQ(principal_dependence(json::parse(R"({"Condition":{"StringLike":{"aws:PrincipalTag/team":"a"}}})"), true),
            "aws:PrincipalTag/team");
}

}  // namespace
}  // namespace rolecall::checks
