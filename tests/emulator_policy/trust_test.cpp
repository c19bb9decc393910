#include <string>

#include <gtest/gtest.h>

#include "emulator/policy/policy_eval.h"

namespace rolecall::emulator::policy {
namespace {

using nlohmann::json;

const Principal kEc2{"ec2.amazonaws.com", "", ""};
const Principal kLambda{"lambda.amazonaws.com", "", ""};
const Principal kUser{"", "arn:aws:iam::111111111111:user/admin", "111111111111"};
const Principal kOtherAccountUser{"", "arn:aws:iam::222222222222:user/admin", "222222222222"};
const Principal kSession{"", "arn:aws:sts::111111111111:assumed-role/deployer/session-1", "111111111111"};

json trust(const char* statement) {
  return json::parse(std::string(R"({"Version":"2012-10-17","Statement":[)") + statement + "]}");
}

struct TrustCase {
  const char* name;
  const char* statements;
  Principal principal;
  const char* action;
  const char* external_id;
  bool expected;
};

class TrustTable : public ::testing::TestWithParam<TrustCase> {};

TEST_P(TrustTable, Decides) {
  const auto& c = GetParam();
  EXPECT_EQ(trust_allows(trust(c.statements), c.principal, c.action, c.external_id), c.expected) << c.name;
}

constexpr const char* kEc2Trust =
    R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})";

INSTANTIATE_TEST_SUITE_P(
    Cases, TrustTable,
    ::testing::Values(
        TrustCase{"ec2 service", kEc2Trust, kEc2, "sts:AssumeRole", "", true},
        TrustCase{"other service", kEc2Trust, kLambda, "sts:AssumeRole", "", false},
        TrustCase{"user is not a service", kEc2Trust, kUser, "sts:AssumeRole", "", false},
        TrustCase{"other action", kEc2Trust, kEc2, "sts:AssumeRoleWithWebIdentity", "", false},
        TrustCase{
            "service list",
            R"({"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"})",
            kEc2, "sts:AssumeRole", "", true},
        TrustCase{"action wildcard",
                  R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:*"})", kEc2,
                  "sts:AssumeRole", "", true},
        TrustCase{
            "action list case",
            R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:TagSession","STS:assumerole"]})",
            kEc2, "sts:AssumeRole", "", true},
        TrustCase{"star principal any user", R"({"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"})",
                  kOtherAccountUser, "sts:AssumeRole", "", true},
        TrustCase{"star principal any service", R"({"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"})", kEc2,
                  "sts:AssumeRole", "", true},
        TrustCase{"aws star any user", R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"})",
                  kOtherAccountUser, "sts:AssumeRole", "", true},
        TrustCase{"aws star not a service", R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"})",
                  kEc2, "sts:AssumeRole", "", false},
        TrustCase{"account id", R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"})",
                  kUser, "sts:AssumeRole", "", true},
        TrustCase{"account id other account",
                  R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"})",
                  kOtherAccountUser, "sts:AssumeRole", "", false},
        TrustCase{
            "account root",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", true},
        TrustCase{
            "account root covers sessions",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"})",
            kSession, "sts:AssumeRole", "", true},
        TrustCase{
            "account root other account",
            R"({"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root"]},"Action":"sts:AssumeRole"})",
            kOtherAccountUser, "sts:AssumeRole", "", false},
        TrustCase{
            "exact user arn",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/admin"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", true},
        TrustCase{
            "other user arn",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", false},
        TrustCase{
            "session matches role",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/deployer"},"Action":"sts:AssumeRole"})",
            kSession, "sts:AssumeRole", "", true},
        TrustCase{
            "session matches role with path",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/ci/deployer"},"Action":"sts:AssumeRole"})",
            kSession, "sts:AssumeRole", "", true},
        TrustCase{
            "session other role",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/deploy"},"Action":"sts:AssumeRole"})",
            kSession, "sts:AssumeRole", "", false},
        TrustCase{
            "session role in other account",
            R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/deployer"},"Action":"sts:AssumeRole"})",
            kSession, "sts:AssumeRole", "", false},
        TrustCase{
            "deny wins",
            R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/admin"},"Action":"sts:*"})",
            kUser, "sts:AssumeRole", "", false},
        TrustCase{
            "deny for someone else",
            R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:*"})",
            kUser, "sts:AssumeRole", "", true},
        TrustCase{
            "not principal ignored",
            R"({"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", false},
        TrustCase{
            "not principal deny ignored",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", true},
        TrustCase{
            "federated never",
            R"({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRole"})",
            kUser, "sts:AssumeRole", "", false},
        TrustCase{
            "external id matches",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"s3cr3t"}}})",
            kUser, "sts:AssumeRole", "s3cr3t", true},
        TrustCase{
            "external id list",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["a","s3cr3t"]}}})",
            kUser, "sts:AssumeRole", "s3cr3t", true},
        TrustCase{
            "external id wrong",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"s3cr3t"}}})",
            kUser, "sts:AssumeRole", "guess", false},
        TrustCase{
            "external id missing",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"s3cr3t"}}})",
            kUser, "sts:AssumeRole", "", false},
        TrustCase{
            "other condition never matches",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}})",
            kUser, "sts:AssumeRole", "s3cr3t", false},
        TrustCase{
            "extra condition key never matches",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"s3cr3t","aws:PrincipalTag/team":"x"}}})",
            kUser, "sts:AssumeRole", "s3cr3t", false},
        TrustCase{
            "string like not supported",
            R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"s3*"}}})",
            kUser, "sts:AssumeRole", "s3cr3t", false},
        TrustCase{"missing principal", R"({"Effect":"Allow","Action":"sts:AssumeRole"})", kUser, "sts:AssumeRole", "",
                  false},
        TrustCase{"malformed principal", R"({"Effect":"Allow","Principal":{"AWS":7},"Action":"sts:AssumeRole"})", kUser,
                  "sts:AssumeRole", "", false}));

TEST(Trust, StatementAsObjectAndEmptyPolicies) {
  auto single = json::parse(
      R"({"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}})");
  EXPECT_TRUE(trust_allows(single, kEc2, "sts:AssumeRole"));
  EXPECT_FALSE(trust_allows(json::object(), kEc2, "sts:AssumeRole"));
  EXPECT_FALSE(trust_allows(json(), kEc2, "sts:AssumeRole"));
  EXPECT_FALSE(trust_allows(json::parse("[1,2]"), kEc2, "sts:AssumeRole"));
}

TEST(Trust, AccountTakenFromArnWhenNotGiven) {
  Principal no_account{"", "arn:aws:iam::111111111111:user/admin", ""};
  EXPECT_TRUE(trust_allows(trust(R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"})"),
                           no_account, "sts:AssumeRole"));
}

}  // namespace
}  // namespace rolecall::emulator::policy
