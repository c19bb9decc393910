// AssumeRoleWithWebIdentity checks its token: a well-formed JWT, not expired, from an issuer the
// role trusts, with an audience the trust policy's HOST:aud condition accepts.
#include <fmt/format.h>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

constexpr const char* kHost = "token.actions.githubusercontent.com";

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

std::string jwt(const json& claims) {
  return base64url(json{{"alg", "RS256"}, {"typ", "JWT"}}.dump()) + "." + base64url(claims.dump()) + ".c2lnbmF0dXJl";
}

class WebIdentity : public EmulatorTest {
 public:
  void SetUp() override {
    json estate = test_estate();
    json trust = {{"Version", "2012-10-17"},
                  {"Statement",
                   {{{"Effect", "Allow"},
                     {"Principal", {{"Federated", fmt::format("arn:aws:iam::111111111111:oidc-provider/{}", kHost)}}},
                     {"Action", "sts:AssumeRoleWithWebIdentity"},
                     {"Condition",
                      {{"StringEquals", {{fmt::format("{}:aud", kHost), "sts.amazonaws.com"}}},
                       {"StringLike", {{fmt::format("{}:sub", kHost), "repo:acme/*"}}}}}}}}};
    estate["accounts"][0]["roles"].push_back({{"name", "ci-deploy"}, {"trust_policy", trust}});
    EmulatorOptions options;
    options.estate = estate;
    start(options);
  }

  json claims() const {
    return {{"iss", fmt::format("https://{}", kHost)},
            {"sub", "repo:acme/app:ref:refs/heads/main"},
            {"aud", "sts.amazonaws.com"},
            {"exp", now_.load() + 600}};
  }

  Answer assume(const std::string& token, const std::string& role = "ci-deploy") {
    return raw("POST", "/",
               fmt::format("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
                           "111111111111%3Arole%2F{}&RoleSessionName=gha&WebIdentityToken={}",
                           role, token));
  }
};

TEST_F(WebIdentity, AValidTokenFromTheTrustedIssuerIsAccepted) {
  Answer a = assume(jwt(claims()));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.find("SubjectFromWebIdentityToken"), "repo:acme/app:ref:refs/heads/main");
  EXPECT_EQ(a.find("Audience"), "sts.amazonaws.com");
  EXPECT_EQ(a.find("Arn"), "arn:aws:sts::111111111111:assumed-role/ci-deploy/gha");
  json listed = claims();
  listed["aud"] = json::array({"other", "sts.amazonaws.com"});
  EXPECT_EQ(assume(jwt(listed)).status, 200);
}

TEST_F(WebIdentity, AnExpiredTokenIsExpiredTokenException) {
  json c = claims();
  c["exp"] = now_.load() - 1;
  Answer a = assume(jwt(c));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.code(), "ExpiredTokenException");
}

TEST_F(WebIdentity, AnUntrustedIssuerIsInvalidIdentityToken) {
  json c = claims();
  c["iss"] = "https://evil.example.com";
  Answer a = assume(jwt(c));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.code(), "InvalidIdentityToken");
  EXPECT_EQ(a.find("Message"), "No OpenIDConnect provider found in your account for https://evil.example.com");
}

TEST_F(WebIdentity, AWrongAudienceIsInvalidIdentityToken) {
  json c = claims();
  c["aud"] = "not-sts";
  Answer a = assume(jwt(c));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.code(), "InvalidIdentityToken");
  EXPECT_EQ(a.find("Message"), "Incorrect token audience");
}

TEST_F(WebIdentity, ASubjectTheTrustPolicyDoesNotAcceptIsAccessDenied) {
  json c = claims();
  c["sub"] = "repo:other/app:ref:refs/heads/main";
  EXPECT_EQ(assume(jwt(c)).code(), "AccessDenied");
  // A role that trusts no web identity at all.
  EXPECT_EQ(assume(jwt(claims()), "web").code(), "AccessDenied");
}

TEST_F(WebIdentity, MalformedTokensAreInvalidIdentityToken) {
  json no_exp = claims();
  no_exp.erase("exp");
  for (const std::string& token :
       {std::string("not-a-jwt"), std::string("a.b"), jwt(no_exp),
        base64url("{}") + "." + base64url(claims().dump()) + ".sig", jwt(claims()) + ".extra"}) {
    Answer a = assume(token);
    EXPECT_EQ(a.status, 400) << token;
    EXPECT_EQ(a.code(), "InvalidIdentityToken") << token;
  }
}

}  // namespace
}  // namespace rolecall::emulator
