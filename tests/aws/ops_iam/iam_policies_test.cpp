#include "aws/ops/iam_policies.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;

TEST(GetPolicy, RequestAndParse) {
  const ServiceCall call = get_policy_call({"arn:aws:iam::123456789012:policy/app-logs"});
  EXPECT_EQ(call.action, "GetPolicy");
  EXPECT_EQ(param(call, "PolicyArn"), "arn:aws:iam::123456789012:policy/app-logs");

  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/get_policy.xml"));
  auto parsed = testing::run<GetPolicyResponse>(
      [&](auto done) { get_policy(caller, {"arn:aws:iam::123456789012:policy/app-logs"}, done); });
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->arn, "arn:aws:iam::123456789012:policy/app-logs");
  EXPECT_EQ(parsed->name, "app-logs");
  EXPECT_EQ(parsed->default_version_id, "v2");
}

TEST(GetPolicy, ErrorsAndMalformed) {
  FakeAwsCaller caller;
  caller.reply_query_error(404, aws_fixture("iam/error_no_such_entity.xml"));
  auto missing =
      testing::run<GetPolicyResponse>([&](auto done) { get_policy(caller, {"arn:aws:iam::aws:policy/Nope"}, done); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);

  auto rejected = testing::run<GetPolicyResponse>([&](auto done) { get_policy(caller, {""}, done); });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 1u);

  auto no_version = parse_get_policy(
      "<GetPolicyResponse><GetPolicyResult><Policy><Arn>arn:aws:iam::1:policy/p</Arn></Policy></GetPolicyResult>"
      "</GetPolicyResponse>");
  ASSERT_FALSE(no_version);
  EXPECT_NE(no_version.error().message.find("DefaultVersionId"), std::string::npos) << no_version.error().message;
}

TEST(GetPolicyVersion, RequestAndParse) {
  GetPolicyVersionRequest request{"arn:aws:iam::123456789012:policy/app-logs", "v2"};
  const ServiceCall call = get_policy_version_call(request);
  EXPECT_EQ(call.action, "GetPolicyVersion");
  EXPECT_EQ(param(call, "PolicyArn"), "arn:aws:iam::123456789012:policy/app-logs");
  EXPECT_EQ(param(call, "VersionId"), "v2");

  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/get_policy_version.xml"));
  auto parsed = testing::run<GetPolicyVersionResponse>([&](auto done) { get_policy_version(caller, request, done); });
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->version_id, "v2");
  EXPECT_TRUE(parsed->is_default);
  EXPECT_EQ(parsed->document,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream",)"
            R"("logs:PutLogEvents"],"Resource":"arn:aws:logs:*:123456789012:log-group:/app/*"}]})");
}

TEST(GetPolicyVersion, ErrorsAndMalformed) {
  FakeAwsCaller caller;
  caller.reply_query_error(404, aws_fixture("iam/error_no_such_entity.xml"));
  auto missing = testing::run<GetPolicyVersionResponse>([&](auto done) {
    get_policy_version(caller, {"arn:aws:iam::aws:policy/Nope", "v1"}, done);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);

  auto rejected = testing::run<GetPolicyVersionResponse>([&](auto done) {
    get_policy_version(caller, {"arn", ""}, done);
  });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 1u);

  auto no_version =
      parse_get_policy_version("<GetPolicyVersionResponse><GetPolicyVersionResult/></GetPolicyVersionResponse>");
  ASSERT_FALSE(no_version);
  EXPECT_EQ(no_version.error().message, "iam:GetPolicyVersion: response lacks PolicyVersion");

  const std::string body = aws_fixture("iam/get_policy_version.xml");
  auto truncated = parse_get_policy_version(body.substr(0, body.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().kind, ErrorKind::kParse);
  EXPECT_NE(truncated.error().message.find("iam:GetPolicyVersion"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::iam
