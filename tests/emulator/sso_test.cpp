// IAM Identity Center: GetRoleCredentials turns a token's account/role assignment into a session
// the emulator's STS accepts; CreateToken refreshes with a refresh token issued to the same client.
#include <fmt/format.h>

#include "emulator/fixture.h"
#include "emulator/services/sso/tokens.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

struct SsoAnswer {
  int status = 0;
  std::string error_type;  // x-amzn-ErrorType
  json body;
};

class Sso : public EmulatorTest {
 public:
  SsoAnswer send(const std::string& method, const std::string& path, const httplib::Headers& headers,
                 const std::string& body = {}) {
    httplib::Client client("127.0.0.1", emu_->port());
    auto result = method == "GET" ? client.Get(path.c_str(), headers)
                                  : client.Post(path.c_str(), headers, body, "application/json");
    SsoAnswer a;
    if (!result) return a;
    a.status = result->status;
    a.error_type = result->get_header_value("x-amzn-ErrorType");
    a.body = json::parse(result->body, nullptr, false);
    return a;
  }
  SsoAnswer role_credentials(const std::string& token, const std::string& account, const std::string& role) {
    return send("GET", fmt::format("/federation/credentials?account_id={}&role_name={}", account, role),
                {{"x-amz-sso_bearer_token", token}});
  }
  std::string token(long long valid_for, std::vector<sso::Assignment> assignments = {{"111111111111", "web"}}) {
    return sso::make_access_token(std::chrono::system_clock::time_point(std::chrono::seconds(now_ + valid_for)),
                                  assignments);
  }
};

TEST_F(Sso, RoleCredentialsAreASessionOfThatRole) {
  SsoAnswer a = role_credentials(token(600), "111111111111", "web");
  ASSERT_EQ(a.status, 200) << a.body.dump();
  const json& c = a.body["roleCredentials"];
  EXPECT_EQ(c["expiration"].get<long long>(), (now_ + 3600) * 1000);  // epoch milliseconds
  Identity who{c["accessKeyId"].get<std::string>(), c["secretAccessKey"].get<std::string>(),
               c["sessionToken"].get<std::string>()};
  EXPECT_TRUE(who.key.starts_with("ASIA"));
  Answer id = query(who, "sts", {{"Action", "GetCallerIdentity"}});
  ASSERT_EQ(id.status, 200) << id.body;
  EXPECT_EQ(id.find("Arn"), "arn:aws:sts::111111111111:assumed-role/web/rolecall-sso-user");
}

TEST_F(Sso, BadExpiredOrUnassignedTokensAreRefused) {
  EXPECT_EQ(role_credentials(token(-1), "111111111111", "web").error_type, "UnauthorizedException");
  EXPECT_EQ(role_credentials(token(-1), "111111111111", "web").status, 401);
  EXPECT_EQ(role_credentials("not-a-token", "111111111111", "web").error_type, "UnauthorizedException");
  SsoAnswer other = role_credentials(token(600), "111111111111", "spare");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.error_type, "ForbiddenException");
  SsoAnswer missing_role = role_credentials(token(600, {{"111111111111", "ghost"}}), "111111111111", "ghost");
  EXPECT_EQ(missing_role.error_type, "ForbiddenException");
  EXPECT_EQ(send("GET", "/federation/credentials?account_id=111111111111", {{"x-amz-sso_bearer_token", token(600)}})
                .error_type,
            "InvalidRequestException");
}

TEST_F(Sso, CreateTokenRefreshesForTheSameClientOnly) {
  std::string refresh = sso::make_refresh_token("client-1", {{"111111111111", "web"}});
  json grant = {
      {"clientId", "client-1"}, {"clientSecret", "s"}, {"grantType", "refresh_token"}, {"refreshToken", refresh}};
  SsoAnswer a = send("POST", "/token", {}, grant.dump());
  ASSERT_EQ(a.status, 200) << a.body.dump();
  EXPECT_EQ(a.body["expiresIn"], 3600);
  EXPECT_EQ(a.body["tokenType"], "Bearer");
  EXPECT_EQ(role_credentials(a.body["accessToken"].get<std::string>(), "111111111111", "web").status, 200);

  json wrong_client = grant;
  wrong_client["clientId"] = "client-2";
  SsoAnswer refused = send("POST", "/token", {}, wrong_client.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_type, "InvalidGrantException");
  EXPECT_EQ(refused.body["error"], "invalid_grant");
  json device = grant;
  device["grantType"] = "urn:ietf:params:oauth:grant-type:device_code";
  EXPECT_EQ(send("POST", "/token", {}, device.dump()).error_type, "UnsupportedGrantTypeException");
}

TEST(SsoTokens, RoundTripAndRejectMalformed) {
  auto expiry = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  std::vector<sso::Assignment> two = {{"111111111111", "a+b=c,d.e@f-g"}, {"222222222222", "Admin"}};
  auto parsed = sso::parse_access_token(sso::make_access_token(expiry, two));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->expires_at, expiry);
  EXPECT_EQ(parsed->assignments, two);
  EXPECT_EQ(sso::parse_refresh_token(sso::make_refresh_token("c", two))->assignments, two);
  EXPECT_FALSE(sso::parse_access_token("rolecall-sso;12x;111111111111/web").has_value());
  EXPECT_FALSE(sso::parse_access_token("rolecall-sso;12;1111/web").has_value());
  EXPECT_FALSE(sso::parse_access_token("rolecall-sso;12").has_value());
  EXPECT_FALSE(sso::parse_refresh_token("rolecall-sso-refresh;;111111111111/web").has_value());
}

TEST(SsoTokens, AnExpiryBeyondTheClockSaturates) {
  // A bearer token is the caller's text: seconds past 2262 overflowed system_clock (UBSan).
  auto late = sso::parse_access_token("rolecall-sso;9223372036854775807;111111111111/web");
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->expires_at, std::chrono::system_clock::time_point::max());
  auto early = sso::parse_access_token("rolecall-sso;-9223372036854775807;111111111111/web");
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->expires_at, std::chrono::system_clock::time_point::min());
}

}  // namespace
}  // namespace rolecall::emulator
