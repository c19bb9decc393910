#include "aws/ops/iam_roles.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;
using testing::replace_once;

TEST(GetRole, RequestAndParse) {
  const ServiceCall call = get_role_call({"web"});
  EXPECT_EQ(call.action, "GetRole");
  EXPECT_EQ(param(call, "RoleName"), "web");

  auto parsed = parse_get_role(aws_fixture("iam/get_role.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->role.arn, "arn:aws:iam::123456789012:role/app/web");
  EXPECT_EQ(parsed->role.role_id, "AROAWEB0000000000001");
  EXPECT_EQ(parsed->role.trust_policy,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},)"
            R"("Action":"sts:AssumeRole"}]})");
  EXPECT_EQ(parsed->role.permissions_boundary_arn, "arn:aws:iam::123456789012:policy/ec2-boundary");
  EXPECT_TRUE(parsed->role.attached_policy_arns.empty());
}

TEST(GetRole, NoSuchEntityIsNotFound) {
  FakeAwsCaller caller;
  caller.reply_query_error(404, aws_fixture("iam/error_no_such_entity.xml"));
  auto result = testing::run<GetRoleResponse>([&](auto done) { get_role(caller, {"missing-role"}, done); });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(result.error().code, "NoSuchEntity");
  EXPECT_EQ(result.error().message.rfind("iam:GetRole: ", 0), 0u) << result.error().message;
  EXPECT_NE(result.error().message.find("missing-role"), std::string::npos);
}

TEST(GetRole, EmptyNameIsRejectedWithoutACall) {
  FakeAwsCaller caller;
  auto result = testing::run<GetRoleResponse>([&](auto done) { get_role(caller, {""}, done); });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(caller.calls.empty());
}

TEST(GetRole, MissingRoleElement) {
  auto parsed = parse_get_role("<GetRoleResponse><GetRoleResult/></GetRoleResponse>");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "iam:GetRole: response lacks Role");
}

TEST(ListRoles, RequestAndParse) {
  ListRolesRequest request;
  request.path_prefix = "/app/";
  request.max_items = 10;
  const ServiceCall call = list_roles_call(request);
  EXPECT_EQ(call.action, "ListRoles");
  EXPECT_EQ(param(call, "PathPrefix"), "/app/");
  EXPECT_EQ(param(call, "MaxItems"), "10");
  EXPECT_EQ(param(call, "Marker"), std::nullopt);

  auto parsed = parse_list_roles(aws_fixture("iam/list_roles.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->roles.size(), 2u);
  EXPECT_EQ(parsed->roles[1].name, "lambda-exec");
  EXPECT_NE(parsed->roles[1].trust_policy.find("lambda.amazonaws.com"), std::string::npos);
  EXPECT_FALSE(parsed->is_truncated);
}

TEST(ListRoles, AllPagesConcatenates) {
  const std::string last = aws_fixture("iam/list_roles.xml");
  const std::string first =
      replace_once(last, "<IsTruncated>false</IsTruncated>", "<IsTruncated>true</IsTruncated><Marker>roles-2</Marker>");
  FakeAwsCaller caller;
  caller.reply(first);
  caller.reply(last);
  auto all = testing::run<ListRolesResponse>([&](auto done) { list_roles_all(caller, {}, done); });
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->roles.size(), 4u);
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(param(caller.calls[1], "Marker"), "roles-2");
  EXPECT_FALSE(all->is_truncated);
}

TEST(ListRoles, NetworkErrorOnSecondPage) {
  FakeAwsCaller caller;
  caller.reply(replace_once(aws_fixture("iam/list_roles.xml"), "<IsTruncated>false</IsTruncated>",
                            "<IsTruncated>true</IsTruncated><Marker>m</Marker>"));
  caller.reply_error(Error::network("connection reset"));
  auto all = testing::run<ListRolesResponse>([&](auto done) { list_roles_all(caller, {}, done); });
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(all.error().message.find("ListRoles page 2"), std::string::npos) << all.error().message;
}

TEST(ListAttachedRolePolicies, RequestAndParse) {
  ListAttachedRolePoliciesRequest request;
  request.role_name = "web";
  request.marker = "m1";
  const ServiceCall call = list_attached_role_policies_call(request);
  EXPECT_EQ(param(call, "RoleName"), "web");
  EXPECT_EQ(param(call, "Marker"), "m1");

  auto parsed = parse_list_attached_role_policies(aws_fixture("iam/list_attached_role_policies.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->policies.size(), 2u);
  EXPECT_EQ(parsed->policies[0].name, "AmazonSSMManagedInstanceCore");
  EXPECT_EQ(parsed->policies[1].arn, "arn:aws:iam::123456789012:policy/app-logs");
}

TEST(ListAttachedRolePolicies, MemberWithoutArnIsAnError) {
  auto parsed = parse_list_attached_role_policies(
      replace_once(aws_fixture("iam/list_attached_role_policies.xml"),
                   "<PolicyArn>arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore</PolicyArn>", ""));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("AttachedPolicies/member[1]/PolicyArn"), std::string::npos);
}

TEST(ListAttachedRolePolicies, AllPagesAndAccessDenied) {
  FakeAwsCaller caller;
  caller.reply_query_error(403, aws_fixture("iam/error_access_denied.xml"));
  ListAttachedRolePoliciesRequest request;
  request.role_name = "web";
  auto all = testing::run<ListAttachedRolePoliciesResponse>(
      [&](auto done) { list_attached_role_policies_all(caller, request, done); });
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::kAccessDenied);
}

TEST(ListRolePolicies, RequestAndParse) {
  ListRolePoliciesRequest request;
  request.role_name = "web";
  EXPECT_EQ(param(list_role_policies_call(request), "RoleName"), "web");
  auto parsed = parse_list_role_policies(aws_fixture("iam/list_role_policies.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->policy_names, (std::vector<std::string>{"s3-read", "kms-decrypt"}));
}

TEST(ListRolePolicies, AllPages) {
  const std::string last = aws_fixture("iam/list_role_policies.xml");
  FakeAwsCaller caller;
  caller.reply(
      replace_once(last, "<IsTruncated>false</IsTruncated>", "<IsTruncated>true</IsTruncated><Marker>p2</Marker>"));
  caller.reply(last);
  ListRolePoliciesRequest request;
  request.role_name = "web";
  auto all = testing::run<ListRolePoliciesResponse>([&](auto done) { list_role_policies_all(caller, request, done); });
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->policy_names.size(), 4u);
  EXPECT_EQ(param(caller.calls[1], "Marker"), "p2");
  EXPECT_EQ(param(caller.calls[1], "RoleName"), "web");
}

TEST(GetRolePolicy, RequestAndParse) {
  const ServiceCall call = get_role_policy_call({"web", "s3-read"});
  EXPECT_EQ(param(call, "RoleName"), "web");
  EXPECT_EQ(param(call, "PolicyName"), "s3-read");
  auto parsed = parse_get_role_policy(aws_fixture("iam/get_role_policy.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->role_name, "web");
  EXPECT_EQ(parsed->policy.name, "s3-read");
  EXPECT_EQ(parsed->policy.document.substr(0, 30), R"({"Version":"2012-10-17","State)");
  EXPECT_NE(parsed->policy.document.find(R"("arn:aws:s3:::app-bucket/*")"), std::string::npos);
}

TEST(GetRolePolicy, MissingDocumentAndRejections) {
  auto parsed = parse_get_role_policy(
      "<GetRolePolicyResponse><GetRolePolicyResult><PolicyName>x</PolicyName></GetRolePolicyResult>"
      "</GetRolePolicyResponse>");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "iam:GetRolePolicy: response lacks GetRolePolicyResult/PolicyDocument");

  FakeAwsCaller caller;
  auto rejected = testing::run<GetRolePolicyResponse>([&](auto done) { get_role_policy(caller, {"web", ""}, done); });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(caller.calls.empty());
}

}  // namespace
}  // namespace rolecall::aws::iam
