#include "aws/ops/sts.h"

#include <chrono>

#include <gtest/gtest.h>

#include "aws/protocol/query.h"
#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::sts {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;
using testing::replace_once;

// Secrets in the fixtures: no error message may ever contain them.
const char* const kSecret = "9drTJvcXLB89EXAMPLELB8923FB892xMFI";
const char* const kToken = "AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE";

std::chrono::system_clock::time_point utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  using namespace std::chrono;
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

TEST(GetCallerIdentity, RequestAndParse) {
  const ServiceCall call = get_caller_identity_call({"eu-west-1"});
  EXPECT_EQ(call.service, "sts");
  EXPECT_EQ(call.region, "eu-west-1");
  EXPECT_EQ(call.action, "GetCallerIdentity");
  EXPECT_EQ(call.api_version, "2011-06-15");
  EXPECT_TRUE(call.params.empty());
  EXPECT_EQ(get_caller_identity_call({}).region, "us-east-1");

  FakeAwsCaller caller;
  caller.reply(aws_fixture("sts/get_caller_identity.xml"));
  auto who = testing::run<GetCallerIdentityResponse>([&](auto done) { get_caller_identity(caller, {}, done); });
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->account, "123456789012");
  EXPECT_EQ(who->arn, "arn:aws:sts::123456789012:assumed-role/rolecall-audit/rolecall");
  EXPECT_EQ(who->user_id, "AROAAUDIT0000000001:rolecall");
}

TEST(GetCallerIdentity, ExpiredTokenIsACredentialsError) {
  FakeAwsCaller caller;
  caller.reply_query_error(403, R"(<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>)"
                                R"(<Message>The security token included in the request is expired</Message></Error>)"
                                R"(<RequestId>x</RequestId></ErrorResponse>)");
  auto who = testing::run<GetCallerIdentityResponse>([&](auto done) { get_caller_identity(caller, {}, done); });
  ASSERT_FALSE(who);
  EXPECT_EQ(who.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(who.error().message.rfind("sts:GetCallerIdentity: ", 0), 0u);
}

TEST(GetCallerIdentity, MissingAccountIsAnError) {
  auto who = parse_get_caller_identity(
      replace_once(aws_fixture("sts/get_caller_identity.xml"), "<Account>123456789012</Account>", ""));
  ASSERT_FALSE(who);
  EXPECT_EQ(who.error().message, "sts:GetCallerIdentity: response lacks GetCallerIdentityResult/Account");
}

TEST(AssumeRole, RequestShape) {
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::210987654321:role/rolecall-audit";
  request.role_session_name = "rolecall";
  request.external_id = "ext-123";
  request.duration_seconds = 900;
  request.region = "ap-southeast-2";
  const ServiceCall call = assume_role_call(request);
  EXPECT_EQ(call.action, "AssumeRole");
  EXPECT_EQ(call.region, "ap-southeast-2");
  EXPECT_EQ(param(call, "RoleArn"), "arn:aws:iam::210987654321:role/rolecall-audit");
  EXPECT_EQ(param(call, "RoleSessionName"), "rolecall");
  EXPECT_EQ(param(call, "ExternalId"), "ext-123");
  EXPECT_EQ(param(call, "DurationSeconds"), "900");

  request.external_id.clear();
  request.duration_seconds.reset();
  const ServiceCall minimal = assume_role_call(request);
  EXPECT_EQ(param(minimal, "ExternalId"), std::nullopt);
  EXPECT_EQ(param(minimal, "DurationSeconds"), std::nullopt);
}

TEST(AssumeRole, ParsesCredentialsAndExpiration) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("sts/assume_role.xml"));
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::210987654321:role/rolecall-audit";
  request.role_session_name = "rolecall";
  auto assumed = testing::run<AssumeRoleResponse>([&](auto done) { assume_role(caller, request, done); });
  ASSERT_TRUE(assumed) << assumed.error().message;
  EXPECT_EQ(assumed->credentials.access_key_id, "ASIAJEXAMPLEXEG2JICEA");
  EXPECT_EQ(assumed->credentials.secret_access_key, kSecret);
  EXPECT_EQ(assumed->credentials.session_token, kToken);
  ASSERT_TRUE(assumed->credentials.expiration);
  // 23:28:33.359Z: fractional seconds are dropped.
  EXPECT_EQ(std::chrono::floor<std::chrono::seconds>(*assumed->credentials.expiration), utc(2026, 7, 15, 23, 28, 33));
  EXPECT_EQ(assumed->credentials.provider, "");
  EXPECT_EQ(assumed->assumed_role_arn, "arn:aws:sts::210987654321:assumed-role/rolecall-audit/rolecall");
  EXPECT_EQ(assumed->assumed_role_id, "AROA3XFRBF535PLBIFPI4:rolecall");
}

TEST(AssumeRole, AccessDeniedKeepsKindAndCode) {
  FakeAwsCaller caller;
  caller.reply_query_error(403, aws_fixture("sts/error_access_denied.xml"));
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::210987654321:role/rolecall-audit";
  request.role_session_name = "rolecall";
  auto assumed = testing::run<AssumeRoleResponse>([&](auto done) { assume_role(caller, request, done); });
  ASSERT_FALSE(assumed);
  EXPECT_EQ(assumed.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(assumed.error().code, "AccessDenied");
  EXPECT_EQ(assumed.error().request_id, "e1c1a2b3-0000-4000-8000-EXAMPLE");
}

TEST(AssumeRole, EmptyArnRejectedWithoutACall) {
  FakeAwsCaller caller;
  auto assumed = testing::run<AssumeRoleResponse>([&](auto done) { assume_role(caller, {}, done); });
  ASSERT_FALSE(assumed);
  EXPECT_EQ(assumed.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(caller.calls.empty());
}

TEST(AssumeRole, MissingOrBadFieldsNeverEchoSecrets) {
  const std::string body = aws_fixture("sts/assume_role.xml");
  const std::vector<std::string> broken = {
      replace_once(body, "<AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>", ""),
      replace_once(body, std::string("<SessionToken>") + kToken + "</SessionToken>", ""),
      replace_once(body, "2026-07-15T23:28:33.359Z", "next tuesday"),
      replace_once(body, "<Credentials>", "<Creds>"),
      body.substr(0, body.find("</SecretAccessKey>")),
  };
  for (const auto& b : broken) {
    auto parsed = parse_assume_role(b);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse);
    EXPECT_NE(parsed.error().message.find("sts:AssumeRole"), std::string::npos) << parsed.error().message;
    EXPECT_EQ(parsed.error().message.find(kSecret), std::string::npos) << parsed.error().message;
    EXPECT_EQ(parsed.error().message.find(kToken), std::string::npos) << parsed.error().message;
  }
}

TEST(AssumeRoleWithWebIdentity, ParsesCredentials) {
  auto parsed = parse_assume_role_with_web_identity(aws_fixture("sts/assume_role_with_web_identity.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->credentials.access_key_id, "ASgeIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(parsed->credentials.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  ASSERT_TRUE(parsed->credentials.expiration);
  EXPECT_EQ(*parsed->credentials.expiration, utc(2026, 10, 24, 23, 0, 23));
  EXPECT_EQ(parsed->subject, "system:serviceaccount:scan:rolecall");
  EXPECT_EQ(parsed->provider, "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE");
  EXPECT_EQ(parsed->assumed_role_arn, "arn:aws:sts::123456789012:assumed-role/rolecall-irsa/botocore-session-1");
}

TEST(AssumeRoleWithWebIdentity, UnsignedHttpRequestShape) {
  AssumeRoleWithWebIdentityRequest request;
  request.role_arn = "arn:aws:iam::123456789012:role/rolecall-irsa";
  request.role_session_name = "s1";
  request.web_identity_token = "eyJhbGciOi.tok+en/=";
  request.duration_seconds = 3600;
  const Endpoint endpoint{"https://sts.us-west-2.amazonaws.com", "us-west-2", "sts"};
  const HttpRequest http = build_assume_role_with_web_identity_request(request, endpoint);
  EXPECT_EQ(http.method, "POST");
  EXPECT_EQ(http.url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_EQ(http.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(http.header("Authorization"), "");
  EXPECT_EQ(http.header("X-Amz-Date"), "");
  QueryParams form;
  ASSERT_TRUE(decode_form(http.body, form)) << http.body;
  ASSERT_GE(form.size(), 6u);
  EXPECT_EQ(form[0], (std::pair<std::string, std::string>{"Action", "AssumeRoleWithWebIdentity"}));
  EXPECT_EQ(form[1], (std::pair<std::string, std::string>{"Version", "2011-06-15"}));
  ServiceCall decoded;
  decoded.params = form;
  EXPECT_EQ(param(decoded, "RoleArn"), "arn:aws:iam::123456789012:role/rolecall-irsa");
  EXPECT_EQ(param(decoded, "WebIdentityToken"), "eyJhbGciOi.tok+en/=");
  EXPECT_EQ(param(decoded, "DurationSeconds"), "3600");
  // RFC 3986 escaping in the body: '+' and '/' must not travel raw.
  EXPECT_NE(http.body.find("tok%2Ben%2F%3D"), std::string::npos) << http.body;
}

}  // namespace
}  // namespace rolecall::aws::sts
