// BlockingSsoApi: the wire shapes of GetRoleCredentials and CreateToken (botocore's sso and
// sso-oidc models), endpoint overrides, and errors that keep their code but never a token.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws/credentials/sso_api.h"
#include "aws/ops/sso_blocking.h"
#include "support/fake_aws.h"

namespace rolecall::aws {
namespace {

using testing::FakeBlockingHttp;

TEST(BlockingSsoApi, GetRoleCredentialsIsAnUnsignedGetWithTheBearerHeader) {
  FakeBlockingHttp http;
  http.push_response(200, R"({"roleCredentials":{"accessKeyId":"ASIAXXXXXXXXXXXXXXXX","secretAccessKey":"s",)"
                          R"("sessionToken":"t","expiration":1700003600000}})");
  BlockingSsoApi api(http, EndpointOverrides{});
  auto creds = api.get_role_credentials("eu-west-1", "the-token", "111122223333", "Read Only");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIAXXXXXXXXXXXXXXXX");
  EXPECT_EQ(creds->session_token, "t");
  EXPECT_EQ(creds->expiration, std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600)));
  auto request = http.request(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://portal.sso.eu-west-1.amazonaws.com/federation/"
            "credentials?account_id=111122223333&role_name=Read%20Only");
  EXPECT_EQ(request.header("x-amz-sso_bearer_token"), "the-token");
  EXPECT_EQ(request.header("Authorization"), "");
}

TEST(BlockingSsoApi, AnExpirationBeyondTheClockSaturatesInsteadOfOverflowing) {
  // Epoch milliseconds past 2262 overflowed system_clock's nanoseconds (undefined behaviour).
  FakeBlockingHttp http;
  http.push_response(200, R"({"roleCredentials":{"accessKeyId":"ASIAXXXXXXXXXXXXXXXX","secretAccessKey":"s",)"
                          R"("sessionToken":"t","expiration":9223372036854775807}})");
  http.push_response(200, R"({"roleCredentials":{"accessKeyId":"ASIAXXXXXXXXXXXXXXXX","secretAccessKey":"s",)"
                          R"("sessionToken":"t","expiration":-9223372036854775807}})");
  BlockingSsoApi api(http, EndpointOverrides{});
  auto late = api.get_role_credentials("eu-west-1", "the-token", "111122223333", "ReadOnly");
  ASSERT_TRUE(late.has_value()) << late.error().message;
  EXPECT_EQ(late->expiration, std::chrono::system_clock::time_point::max());
  auto early = api.get_role_credentials("eu-west-1", "the-token", "111122223333", "ReadOnly");
  ASSERT_TRUE(early.has_value()) << early.error().message;
  EXPECT_EQ(early->expiration, std::chrono::system_clock::time_point::min());
}

TEST(BlockingSsoApi, UnauthorizedKeepsItsCodeAndNeverQuotesTheToken) {
  FakeBlockingHttp http;
  http.push_response(401, R"({"message":"Session token not found or invalid"})",
                     {{"x-amzn-ErrorType", "UnauthorizedException:http://internal.amazon.com/coral/"}});
  BlockingSsoApi api(http, EndpointOverrides{.global_url = "http://127.0.0.1:9"});
  auto creds = api.get_role_credentials("eu-west-1", "secret-token-value", "1", "r");
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(creds.error().code, kSsoUnauthorized);
  EXPECT_EQ(creds.error().http_status, 401);
  EXPECT_EQ(creds.error().message.find("secret-token-value"), std::string::npos);
  EXPECT_TRUE(http.request(0).url.starts_with("http://127.0.0.1:9/federation/credentials?"));
}

TEST(BlockingSsoApi, CreateTokenPostsTheRefreshGrant) {
  FakeBlockingHttp http;
  http.push_response(200, R"({"accessToken":"new","tokenType":"Bearer","expiresIn":3600,"refreshToken":"r2"})");
  EndpointOverrides overrides;
  overrides.per_service["sso oidc"] = "http://127.0.0.1:7";
  BlockingSsoApi api(http, overrides);
  auto grant = api.create_token("eu-west-1", "cid", "csecret", "r1");
  ASSERT_TRUE(grant.has_value()) << grant.error().message;
  EXPECT_EQ(grant->access_token, "new");
  EXPECT_EQ(grant->refresh_token, "r2");
  EXPECT_EQ(grant->expires_in, std::chrono::seconds(3600));
  auto request = http.request(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:7/token");
  auto body = nlohmann::json::parse(request.body);
  EXPECT_EQ(
      body,
      (nlohmann::json{
          {"clientId", "cid"}, {"clientSecret", "csecret"}, {"grantType", "refresh_token"}, {"refreshToken", "r1"}}));

  http.push_response(400, R"({"error":"invalid_grant","error_description":"Invalid refresh token provided"})",
                     {{"x-amzn-ErrorType", "InvalidGrantException"}});
  auto refused = api.create_token("eu-west-1", "cid", "csecret", "r1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "InvalidGrantException");
  EXPECT_EQ(refused.error().kind, ErrorKind::kCredentials);
}

}  // namespace
}  // namespace rolecall::aws
