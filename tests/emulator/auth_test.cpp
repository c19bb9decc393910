#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using Auth = EmulatorTest;

TEST_F(Auth, WrongSecretIsSignatureDoesNotMatch) {
  Identity wrong = admin_identity();
  wrong.secret = "not-the-secret";
  Answer ec2 = query(wrong, "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(ec2.status, 403);
  EXPECT_EQ(ec2.code(), "SignatureDoesNotMatch");
  Answer iam = query(wrong, "iam", {{"Action", "ListRoles"}});
  EXPECT_EQ(iam.status, 403);
  EXPECT_EQ(iam.code(), "SignatureDoesNotMatch");
  EXPECT_EQ(iam.xml.first_child().name(), std::string("ErrorResponse"));
}

TEST_F(Auth, UnknownKeyIsAuthFailureOrInvalidClientTokenId) {
  Identity unknown{"AKIAUNKNOWN000000001", "whatever", ""};
  Answer ec2 = query(unknown, "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(ec2.status, 401);
  EXPECT_EQ(ec2.code(), "AuthFailure");
  Answer sts = query(unknown, "sts", {{"Action", "GetCallerIdentity"}});
  EXPECT_EQ(sts.status, 403);
  EXPECT_EQ(sts.code(), "InvalidClientTokenId");
  Answer orgs = organizations(unknown, "ListAccounts");
  EXPECT_EQ(nlohmann::json::parse(orgs.body)["__type"], "UnrecognizedClientException");
}

TEST_F(Auth, ClockSkewBeyondFifteenMinutes) {
  Answer ec2 = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}, "us-east-1", -16 * 60);
  EXPECT_EQ(ec2.code(), "RequestExpired");
  Answer iam = query(admin_identity(), "iam", {{"Action", "ListRoles"}}, "us-east-1", 20 * 60);
  EXPECT_EQ(iam.code(), "SignatureDoesNotMatch");
  Answer old = query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}}, "us-east-1", -20 * 60);
  EXPECT_NE(old.find("Message").find("Signature expired"), std::string::npos);
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}, "us-east-1", 14 * 60).status, 200);
}

TEST_F(Auth, UnsignedAndMalformedRequests) {
  Answer unsigned_ec2 = raw("POST", "/", "Action=DescribeInstances&Version=2016-11-15");
  EXPECT_EQ(unsigned_ec2.status, 401);
  EXPECT_EQ(unsigned_ec2.code(), "AuthFailure");
  Answer unsigned_sts = raw("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(unsigned_sts.code(), "MissingAuthenticationToken");
  Answer garbage = raw("POST", "/", std::string("\x01\x02%zz&&==", 10));
  EXPECT_GE(garbage.status, 400);
  EXPECT_FALSE(garbage.code().empty());
  Answer bad_auth = raw("GET", "/?Action=DescribeInstances", "", {{"Authorization", "AWS4-HMAC-SHA256 nonsense"}});
  EXPECT_GE(bad_auth.status, 400);
  // The server is still alive and answering.
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}}).status, 200);
}

TEST_F(Auth, UnknownActionAndMissingAction) {
  Answer ec2 = query(admin_identity(), "ec2", {{"Action", "CreateFleet"}});
  EXPECT_EQ(ec2.status, 400);
  EXPECT_EQ(ec2.code(), "InvalidAction");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteAccountAlias"}}).code(), "InvalidAction");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Version", "2016-11-15"}}).code(), "MissingParameter");
}

TEST_F(Auth, OversizedBodyIsRejected) {
  EmulatorOptions options;
  options.max_body_bytes = 1024;
  start(options);
  Answer big = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"Padding", std::string(4096, 'x')}});
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.code(), "RequestEntityTooLarge");
}

TEST_F(Auth, GetQueryStringsWork) {
  // The AWS CLI POSTs forms, but GET with the parameters in the query is the same protocol.
  Answer a = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", "i-00000000000000a00"}},
                   "us-east-1", 0, true);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.all("instanceId").size(), 1u);
}

}  // namespace
}  // namespace rolecall::emulator
