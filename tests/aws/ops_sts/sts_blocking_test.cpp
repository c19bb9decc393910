#include "aws/ops/sts_blocking.h"

#include <chrono>

#include <gtest/gtest.h>

#include "aws/protocol/query.h"
#include "aws/sigv4.h"
#include "support/fake_aws.h"
#include "support/fake_clock.h"
#include "support/files.h"

namespace rolecall::aws {
namespace {

using namespace std::chrono_literals;
using testing::aws_fixture;

const char* const kSourceSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSOURCESECRET";
const char* const kSourceToken = "FQoGZXIvYXdzSOURCESESSIONTOKEN";
const char* const kWebToken = "eyJhbGciOiJSUzI1NiJ9.WEBIDENTITYTOKEN.sig";

class BlockingStsTest : public ::testing::Test {
 protected:
  Credentials source() const {
    Credentials c;
    c.access_key_id = "AKIDEXAMPLESOURCE123";
    c.secret_access_key = kSourceSecret;
    c.session_token = kSourceToken;
    return c;
  }
  AssumeRoleParams assume_params() const {
    AssumeRoleParams p;
    p.role_arn = "arn:aws:iam::210987654321:role/rolecall-audit";
    p.role_session_name = "rolecall";
    p.external_id = "ext-1";
    p.region = "us-west-2";
    return p;
  }
  AssumeRoleWithWebIdentityParams web_params() const {
    AssumeRoleWithWebIdentityParams p;
    p.role_arn = "arn:aws:iam::123456789012:role/rolecall-irsa";
    p.role_session_name = "irsa";
    p.web_identity_token = kWebToken;
    p.region = "eu-central-1";
    return p;
  }
  BlockingStsApi api(EndpointOverrides overrides = {}) {
    return BlockingStsApi(http_, clock_, std::move(overrides),
                          [this](std::chrono::milliseconds d) { sleeps_.push_back(d); });
  }
  // The form parameters of a recorded request.
  static QueryParams form_of(const HttpRequest& r) {
    QueryParams form;
    EXPECT_TRUE(decode_form(r.body, form)) << r.body;
    return form;
  }
  static std::string form_value(const HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : form_of(r)) {
      if (k == name) return v;
    }
    return "<absent>";
  }
  static void expect_no_secrets(const Error& e) {
    for (const char* secret : {kSourceSecret, kSourceToken, kWebToken}) {
      EXPECT_EQ(e.message.find(secret), std::string::npos) << e.message;
      EXPECT_EQ(e.describe().find(secret), std::string::npos);
    }
  }

  rolecall::testing::FakeBlockingHttp http_;
  rolecall::testing::FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 5 / 1} + 12h};
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(BlockingStsTest, AssumeRoleSendsASignedFormPostToTheRegionalEndpoint) {
  http_.push_response(200, aws_fixture("sts/assume_role.xml"));
  auto sts = api();
  auto creds = sts.assume_role(source(), assume_params());
  ASSERT_TRUE(creds) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIAJEXAMPLEXEG2JICEA");
  EXPECT_EQ(creds->session_token.substr(0, 12), "AQoXdzELDDY/");
  ASSERT_TRUE(creds->expiration);
  EXPECT_EQ(creds->provider, "");

  ASSERT_EQ(http_.request_count(), 1u);
  const HttpRequest& r = http_.request(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(form_value(r, "Action"), "AssumeRole");
  EXPECT_EQ(form_value(r, "Version"), "2011-06-15");
  EXPECT_EQ(form_value(r, "RoleArn"), "arn:aws:iam::210987654321:role/rolecall-audit");
  EXPECT_EQ(form_value(r, "RoleSessionName"), "rolecall");
  EXPECT_EQ(form_value(r, "ExternalId"), "ext-1");
  EXPECT_EQ(form_value(r, "DurationSeconds"), "<absent>");

  EXPECT_EQ(r.header("X-Amz-Date"), "20260501T120000Z");
  EXPECT_EQ(r.header("X-Amz-Security-Token"), kSourceToken);
  const std::string auth = r.header("Authorization");
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLESOURCE123/20260501/us-west-2/sts/aws4_request", 0), 0u)
      << auth;
  // The signature is valid for the source secret.
  auto parsed = sigv4::parse_authorization(r);
  ASSERT_TRUE(parsed) << parsed.error().message;
  auto verified = sigv4::verify_request(r, *parsed, kSourceSecret);
  EXPECT_TRUE(verified) << (verified ? "" : verified.error().message);
  EXPECT_FALSE(sigv4::verify_request(r, *parsed, "not-the-secret"));
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(BlockingStsTest, DefaultRegionAndEndpointOverride) {
  http_.push_response(200, aws_fixture("sts/assume_role.xml"));
  EndpointOverrides overrides;
  overrides.per_service["sts"] = "http://127.0.0.1:4566";
  auto sts = api(overrides);
  AssumeRoleParams p = assume_params();
  p.region.clear();
  ASSERT_TRUE(sts.assume_role(source(), p));
  ASSERT_EQ(http_.request_count(), 1u);
  EXPECT_EQ(http_.request(0).url, "http://127.0.0.1:4566/");
  EXPECT_NE(http_.request(0).header("Authorization").find("/us-east-1/sts/aws4_request"), std::string::npos);
}

TEST_F(BlockingStsTest, WebIdentityIsSentUnsigned) {
  http_.push_response(200, aws_fixture("sts/assume_role_with_web_identity.xml"));
  auto sts = api();
  auto creds = sts.assume_role_with_web_identity(web_params());
  ASSERT_TRUE(creds) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASgeIAIOSFODNN7EXAMPLE");
  ASSERT_EQ(http_.request_count(), 1u);
  const HttpRequest& r = http_.request(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://sts.eu-central-1.amazonaws.com/");
  EXPECT_EQ(r.header("Authorization"), "");
  EXPECT_EQ(r.header("X-Amz-Date"), "");
  EXPECT_EQ(r.header("X-Amz-Security-Token"), "");
  EXPECT_EQ(form_value(r, "Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(form_value(r, "WebIdentityToken"), kWebToken);
  EXPECT_EQ(form_value(r, "RoleSessionName"), "irsa");
}

TEST_F(BlockingStsTest, ThrottlingIsRetriedWithBackoff) {
  http_.push_response(400, aws_fixture("sts/error_throttling.xml"));
  http_.push_response(503, "<html>Service Unavailable</html>");
  http_.push_response(200, aws_fixture("sts/assume_role.xml"));
  auto sts = api();
  auto creds = sts.assume_role(source(), assume_params());
  ASSERT_TRUE(creds) << creds.error().message;
  EXPECT_EQ(http_.request_count(), 3u);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{200ms, 400ms}));
}

TEST_F(BlockingStsTest, ThrottlingExhaustsTheBudget) {
  for (int i = 0; i < 5; ++i) http_.push_response(400, aws_fixture("sts/error_throttling.xml"));
  auto sts = api();
  auto creds = sts.assume_role(source(), assume_params());
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(creds.error().code, "Throttling");
  EXPECT_EQ(http_.request_count(), 3u);
  EXPECT_EQ(sleeps_.size(), 2u);
  EXPECT_NE(creds.error().message.find("sts:AssumeRole arn:aws:iam::210987654321:role/rolecall-audit"),
            std::string::npos)
      << creds.error().message;
  EXPECT_NE(creds.error().message.find("3 attempts"), std::string::npos);
  expect_no_secrets(creds.error());
}

TEST_F(BlockingStsTest, AccessDeniedIsNotRetried) {
  http_.push_response(403, aws_fixture("sts/error_access_denied.xml"));
  auto sts = api();
  auto creds = sts.assume_role(source(), assume_params());
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(creds.error().http_status, 403);
  EXPECT_EQ(http_.request_count(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  expect_no_secrets(creds.error());
}

TEST_F(BlockingStsTest, NetworkErrorsAreRetried) {
  http_.push_error(Error::network("connection refused"));
  http_.push_response(200, aws_fixture("sts/assume_role.xml"));
  auto sts = api();
  ASSERT_TRUE(sts.assume_role(source(), assume_params()));
  EXPECT_EQ(http_.request_count(), 2u);
  EXPECT_EQ(sleeps_.size(), 1u);
}

TEST_F(BlockingStsTest, IdpCommunicationErrorIsRetriedForWebIdentityOnly) {
  http_.push_response(400, aws_fixture("sts/error_idp_communication.xml"));
  http_.push_response(200, aws_fixture("sts/assume_role_with_web_identity.xml"));
  auto sts = api();
  ASSERT_TRUE(sts.assume_role_with_web_identity(web_params()));
  EXPECT_EQ(http_.request_count(), 2u);

  http_.push_response(400, aws_fixture("sts/error_invalid_identity_token.xml"));
  auto bad = sts.assume_role_with_web_identity(web_params());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "InvalidIdentityToken");
  EXPECT_EQ(http_.request_count(), 3u);
  EXPECT_NE(bad.error().message.find("sts:AssumeRoleWithWebIdentity"), std::string::npos);
  expect_no_secrets(bad.error());
}

TEST_F(BlockingStsTest, MalformedSuccessBodyIsAParseError) {
  const std::string body = aws_fixture("sts/assume_role.xml");
  http_.push_response(200, body.substr(0, body.find("<SessionToken>") + 30));
  auto sts = api();
  auto creds = sts.assume_role(source(), assume_params());
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().kind, ErrorKind::kParse);
  EXPECT_NE(creds.error().message.find("sts:AssumeRole"), std::string::npos);
  EXPECT_EQ(http_.request_count(), 1u);
  expect_no_secrets(creds.error());
}

TEST_F(BlockingStsTest, BadInputFailsWithoutARequest) {
  auto sts = api();
  AssumeRoleParams no_arn = assume_params();
  no_arn.role_arn.clear();
  EXPECT_EQ(sts.assume_role(source(), no_arn).error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(sts.assume_role(Credentials{}, assume_params()).error().kind, ErrorKind::kCredentials);
  AssumeRoleParams bad_region = assume_params();
  bad_region.region = "not a region!";
  EXPECT_EQ(sts.assume_role(source(), bad_region).error().kind, ErrorKind::kInvalidArgument);
  AssumeRoleWithWebIdentityParams no_token = web_params();
  no_token.web_identity_token.clear();
  EXPECT_EQ(sts.assume_role_with_web_identity(no_token).error().kind, ErrorKind::kCredentials);
  EXPECT_TRUE(http_.requests().empty());
}

}  // namespace
}  // namespace rolecall::aws
