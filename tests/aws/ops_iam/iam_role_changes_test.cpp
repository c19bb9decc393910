#include "aws/ops/iam_role_changes.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;

const std::string kEc2OnlyTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},)"
    R"("Action":"sts:AssumeRole"}]})";

TEST(CreateRole, IsAMutationWithTrustPathAndTags) {
  CreateRoleRequest request{"rolecall-legacy-deploy",
                            kEc2OnlyTrust,
                            "",
                            "made by rolecall",
                            {{"rolecall:created-by", "r-1"}, {"rolecall:user", "legacy-deploy"}}};
  const ServiceCall call = create_role_call(request);
  EXPECT_EQ(call.action, "CreateRole");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "RoleName"), "rolecall-legacy-deploy");
  EXPECT_EQ(param(call, "AssumeRolePolicyDocument"), kEc2OnlyTrust);
  EXPECT_EQ(param(call, "Path"), std::nullopt);
  EXPECT_EQ(param(call, "Description"), "made by rolecall");
  EXPECT_EQ(param(call, "Tags.member.1.Key"), "rolecall:created-by");
  EXPECT_EQ(param(call, "Tags.member.1.Value"), "r-1");
  EXPECT_EQ(param(call, "Tags.member.2.Key"), "rolecall:user");
  EXPECT_EQ(param(call, "Tags.member.2.Value"), "legacy-deploy");
  EXPECT_EQ(param(call, "Tags.member.3.Key"), std::nullopt);
  EXPECT_EQ(param(call, "PermissionsBoundary"), std::nullopt);

  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/create_role.xml"));
  auto created = testing::run<CreateRoleResponse>([&](auto done) { create_role(caller, request, done); });
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->role.name, "rolecall-legacy-deploy");
  EXPECT_EQ(created->role.arn, "arn:aws:iam::123456789012:role/rolecall-legacy-deploy");
  EXPECT_EQ(created->role.trust_policy, kEc2OnlyTrust);
  ASSERT_EQ(created->role.tags.size(), 1u);  // how a resume recognises the role its run made
  EXPECT_EQ(created->role.tags[0].key, "rolecall:created-by");
  EXPECT_EQ(created->role.tags[0].value, "r-1");
  EXPECT_EQ(created->request_id, "4a93ceee-9966-11e1-b624-b1aEXAMPLE7c");
}

TEST(CreateRole, CarriesAPermissionsBoundaryWhenGiven) {
  CreateRoleRequest request{"rolecall-deploy", kEc2OnlyTrust, "", "", {}};
  request.permissions_boundary = "arn:aws:iam::123456789012:policy/dev-boundary";
  EXPECT_EQ(param(create_role_call(request), "PermissionsBoundary"), "arn:aws:iam::123456789012:policy/dev-boundary");
}

TEST(CreateRole, ErrorsAndRejections) {
  FakeAwsCaller caller;
  caller.reply_query_error(409, R"(<ErrorResponse><Error><Type>Sender</Type><Code>EntityAlreadyExists</Code>)"
                                R"(<Message>Role with name rolecall-x already exists.</Message></Error>)"
                                R"(<RequestId>r-1</RequestId></ErrorResponse>)");
  auto exists = testing::run<CreateRoleResponse>([&](auto done) {
    create_role(caller, {"rolecall-x", kEc2OnlyTrust, "", "", {}}, done);
  });
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().code, "EntityAlreadyExists");
  EXPECT_NE(exists.error().message.find("iam:CreateRole"), std::string::npos);
  for (const CreateRoleRequest& bad :
       {CreateRoleRequest{"", kEc2OnlyTrust, "", "", {}}, CreateRoleRequest{"rolecall-x", "", "", "", {}}}) {
    auto rejected = testing::run<CreateRoleResponse>([&](auto done) { create_role(caller, bad, done); });
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  }
  auto missing = parse_create_role(aws_fixture("iam/put_role_policy.xml"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kParse);
}

TEST(PutRolePolicy, IsAMutationCarryingTheDocument) {
  PutRolePolicyRequest request{"rolecall-legacy-deploy", "user.artifacts", R"({"Statement":[]})"};
  const ServiceCall call = put_role_policy_call(request);
  EXPECT_EQ(call.action, "PutRolePolicy");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "RoleName"), "rolecall-legacy-deploy");
  EXPECT_EQ(param(call, "PolicyName"), "user.artifacts");
  EXPECT_EQ(param(call, "PolicyDocument"), R"({"Statement":[]})");
  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/put_role_policy.xml"));
  auto put = testing::run<RoleChangeResponse>([&](auto done) { put_role_policy(caller, request, done); });
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
  auto rejected = testing::run<RoleChangeResponse>([&](auto done) {
    put_role_policy(caller, {"rolecall-legacy-deploy", "user.artifacts", ""}, done);
  });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  // Another action's answer is not taken for this one's.
  EXPECT_FALSE(parse_put_role_policy(aws_fixture("iam/attach_role_policy.xml")));
}

TEST(AttachRolePolicy, IsAMutationNamingThePolicy) {
  AttachRolePolicyRequest request{"rolecall-legacy-deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess"};
  const ServiceCall call = attach_role_policy_call(request);
  EXPECT_EQ(call.action, "AttachRolePolicy");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
  FakeAwsCaller caller;
  caller.reply_query_error(404, R"(<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>)"
                                R"(<Message>Policy arn:aws:iam::aws:policy/Nope does not exist.</Message></Error>)"
                                R"(<RequestId>r-2</RequestId></ErrorResponse>)");
  auto missing = testing::run<RoleChangeResponse>([&](auto done) { attach_role_policy(caller, request, done); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "NoSuchEntity");
  EXPECT_NE(missing.error().message.find("iam:AttachRolePolicy"), std::string::npos);
  caller.reply(aws_fixture("iam/attach_role_policy.xml"));
  auto attached = testing::run<RoleChangeResponse>([&](auto done) { attach_role_policy(caller, request, done); });
  ASSERT_TRUE(attached) << attached.error().message;
  EXPECT_EQ(attached->request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
  auto rejected = testing::run<RoleChangeResponse>([&](auto done) {
    attach_role_policy(caller, {"", "arn:aws:iam::aws:policy/ReadOnlyAccess"}, done);
  });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace rolecall::aws::iam
