// IAM Identity Center profiles: both config forms, the CLI's token and credential caches (keys
// checked against values computed with botocore's rules), refresh, expiry and the login message.

#include <gtest/gtest.h>

#include "aws/credentials/cli_cache.h"
#include "aws/credentials/profile_provider.h"
#include "aws/credentials/sso_provider.h"
#include "aws/credentials/sso_token.h"
#include "base/iso8601.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::EnvFiles;
using testing::FakeBlockingHttp;
using testing::FakeSts;
using namespace std::chrono_literals;

constexpr const char* kStartUrl = "https://example.awsapps.com/start";

// Records the calls; CreateToken and GetRoleCredentials answer as scripted.
class FakeSso final : public SsoApi {
 public:
  Result<SsoTokenGrant> create_token(const std::string& region, const std::string& client_id,
                                     const std::string& client_secret, const std::string& refresh_token) override {
    refreshes.push_back(region + " " + client_id + " " + client_secret + " " + refresh_token);
    if (!refresh_error.message.empty()) return fail(refresh_error);
    return SsoTokenGrant{"refreshed-access", "refreshed-refresh", 3600s};
  }
  Result<Credentials> get_role_credentials(const std::string& region, const std::string& access_token,
                                           const std::string& account_id, const std::string& role_name) override {
    role_calls.push_back(region + " " + access_token + " " + account_id + " " + role_name);
    if (!role_error.message.empty()) return fail(role_error);
    Credentials c;
    c.access_key_id = "ASIASSOROLEXXXXXXXXX";
    c.secret_access_key = "sso-secret";
    c.session_token = "sso-session-token";
    c.expiration = std::chrono::system_clock::time_point(testing::kTestNow + 1h);
    return c;
  }
  std::vector<std::string> refreshes;
  std::vector<std::string> role_calls;
  Error refresh_error;
  Error role_error;
};

class SsoProfileTest : public ::testing::Test {
 protected:
  SsoProfileTest() {
    env_.fake_clock().set_now(testing::kTestNow);
    env_.set("HOME", "/home/u");
  }
  void config(const std::string& text) { env_.add_file("/home/u/.aws/config", text); }
  // Puts a token for `key_source` (session name or start URL) expiring `valid_for` from now.
  std::string token(const std::string& key_source, std::chrono::seconds valid_for, bool refreshable) {
    SsoToken t;
    t.start_url = kStartUrl;
    t.region = "eu-west-1";
    t.access_token = "cached-access";
    t.expires_at = testing::kTestNow + valid_for;
    if (refreshable) {
      t.refresh_token = "cached-refresh";
      t.client_id = "client-1";
      t.client_secret = "client-secret";
      t.registration_expires_at = testing::kTestNow + 24h;
    }
    std::string path = "/home/u/.aws/sso/cache/" + sha1_hex(key_source) + ".json";
    env_.add_file(path, sso_token_json(t));
    return path;
  }
  Result<Credentials> resolve(const std::string& profile) {
    ProfileProviderOptions options{ProfileChoice{profile, "--profile", true}, env_, http_, sts_, "eu-west-1"};
    options.sso = &sso_;
    return ProfileProvider(std::move(options)).resolve();
  }

  testing::FakeEnv env_;
  FakeBlockingHttp http_;
  FakeSts sts_;
  FakeSso sso_;
};

constexpr const char* kSessionConfig =
    "[profile sso-prof]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
    "region = eu-west-1\n"
    "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n"
    "sso_registration_scopes = sso:account:access\n";

constexpr const char* kLegacyConfig =
    "[profile old]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n"
    "sso_account_id = 111122223333\nsso_role_name = ReadOnly\n";

TEST(CliCacheKeys, MatchBotocore) {
  // Values from botocore's rules: sha1 of the session name / start URL; of the minified sorted JSON.
  EXPECT_EQ(sha1_hex("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
  EXPECT_EQ(sha1_hex(kStartUrl), "e8be5486177c5b5392bd9aa76563515b29358e6e");
  EXPECT_EQ(sso_role_cache_key("111122223333", "ReadOnly", "my-sso", kStartUrl),
            "0521d1f6a6c4e68f9e18540309367cc3cccb6305");
  EXPECT_EQ(sso_role_cache_key("111122223333", "ReadOnly", "", kStartUrl), "d3ba23668517df553ec07b5972942cedc5e3df49");
  // AssumeRole: json.dumps(sort_keys=True) with Python's default separators; a generated session name left out.
  AssumeRoleParams mfa;
  mfa.role_arn = "arn:aws:iam::111122223333:role/Admin";
  mfa.role_session_name = "rolecall-1700000000";
  mfa.serial_number = "arn:aws:iam::111122223333:mfa/alice";
  mfa.token_code = "123456";  // not part of the key
  mfa.duration_seconds = 3600;
  EXPECT_EQ(assume_role_cache_key(mfa, true), "e6ff8d5be8fbaf97473f0b9938e8fdbe847e885a");
  AssumeRoleParams named;
  named.role_arn = "arn:aws:iam::111122223333:role/Admin";
  named.role_session_name = "me";
  named.external_id = "x";
  EXPECT_EQ(assume_role_cache_key(named, false), "7616934aca7369719695258585d09b4f36d9c312");
}

TEST(SsoTokenFile, ParsesTheCliLayoutAndRoundTrips) {
  auto token =
      parse_sso_token(R"({"startUrl":"https://example.awsapps.com/start","region":"eu-west-1","accessToken":"at",)"
                      R"("expiresAt":"2023-11-14T22:30:00Z","clientId":"c","clientSecret":"s","refreshToken":"r",)"
                      R"("registrationExpiresAt":"2023-11-20T00:00:00UTC"})",
                      "token.json");
  ASSERT_TRUE(token.has_value()) << token.error().message;
  EXPECT_EQ(token->access_token, "at");
  EXPECT_EQ(token->expires_at, testing::kTestNow + 1000s);
  EXPECT_TRUE(token->refreshable(testing::kTestNow));
  EXPECT_FALSE(token->refreshable(testing::kTestNow + std::chrono::days(30)));
  auto again = parse_sso_token(sso_token_json(*token), "again");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->refresh_token, "r");
  EXPECT_EQ(again->registration_expires_at, token->registration_expires_at);

  auto invalid = parse_sso_token(R"({"startUrl":"x","expiresAt":"2023-11-14T23:13:20Z"})", "token.json");
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(parse_sso_token("{nope", "token.json").error().kind, ErrorKind::kParse);
}

TEST_F(SsoProfileTest, SessionFormGetsRoleCredentialsAndCachesThemLikeTheCli) {
  config(kSessionConfig);
  token("my-sso", 2h, true);
  auto creds = resolve("sso-prof");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIASSOROLEXXXXXXXXX");
  EXPECT_EQ(creds->provider, "sso (profile sso-prof, account 111122223333, role ReadOnly)");
  ASSERT_EQ(sso_.role_calls.size(), 1u);
  EXPECT_EQ(sso_.role_calls[0], "eu-west-1 cached-access 111122223333 ReadOnly");
  EXPECT_TRUE(sso_.refreshes.empty());  // two hours left: no refresh

  std::string cache = "/home/u/.aws/cli/cache/0521d1f6a6c4e68f9e18540309367cc3cccb6305.json";
  ASSERT_TRUE(env_.file(cache).has_value());
  EXPECT_EQ(env_.file_access(cache), base::Access::kOwnerOnly);
  EXPECT_NE(env_.file(cache)->find("\"AccountId\":\"111122223333\""), std::string::npos);

  // The next run reads the cache: no portal call.
  auto again = resolve("sso-prof");
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->session_token, "sso-session-token");
  EXPECT_EQ(sso_.role_calls.size(), 1u);

  // Within 15 minutes of the cached keys' expiry, they are fetched again.
  env_.fake_clock().set_now(testing::kTestNow + 50min);
  ASSERT_TRUE(resolve("sso-prof").has_value());
  EXPECT_EQ(sso_.role_calls.size(), 2u);
}

TEST_F(SsoProfileTest, LegacyFormUsesTheStartUrlAsTokenKey) {
  config(kLegacyConfig);
  token(kStartUrl, 1h, false);
  auto creds = resolve("old");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_TRUE(env_.file("/home/u/.aws/cli/cache/d3ba23668517df553ec07b5972942cedc5e3df49.json").has_value());
}

TEST_F(SsoProfileTest, TokenNearExpiryIsRefreshedAndWrittenBack) {
  config(kSessionConfig);
  std::string path = token("my-sso", 5min, true);
  auto creds = resolve("sso-prof");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  ASSERT_EQ(sso_.refreshes.size(), 1u);
  EXPECT_EQ(sso_.refreshes[0], "eu-west-1 client-1 client-secret cached-refresh");
  EXPECT_EQ(sso_.role_calls.at(0), "eu-west-1 refreshed-access 111122223333 ReadOnly");
  auto saved = parse_sso_token(env_.file(path).value_or(""), path);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->access_token, "refreshed-access");
  EXPECT_EQ(saved->refresh_token, "refreshed-refresh");
  EXPECT_EQ(saved->expires_at, testing::kTestNow + 1h);
  EXPECT_EQ(saved->client_id, "client-1");
  EXPECT_EQ(env_.file_access(path), base::Access::kOwnerOnly);
}

TEST_F(SsoProfileTest, ExpiredSessionSaysToLogIn) {
  config(kSessionConfig);
  token("my-sso", -1min, true);
  sso_.refresh_error = Error::service(ErrorKind::kCredentials, "InvalidGrantException", "expired", 400);
  auto creds = resolve("sso-prof");
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(creds.error().code, kSsoLoginRequired);
  EXPECT_NE(creds.error().message.find("run `aws sso login --profile sso-prof`"), std::string::npos);
  EXPECT_TRUE(sso_.role_calls.empty());

  // Legacy tokens are not refreshed: expired is expired.
  config(kLegacyConfig);
  token(kStartUrl, -1s, false);
  auto legacy = resolve("old");
  ASSERT_FALSE(legacy.has_value());
  EXPECT_EQ(legacy.error().code, kSsoLoginRequired);
  EXPECT_EQ(sso_.refreshes.size(), 1u);
}

TEST_F(SsoProfileTest, MissingTokenAndRejectedTokenSayToLogIn) {
  config(kSessionConfig);
  auto missing = resolve("sso-prof");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, kSsoLoginRequired);

  token("my-sso", 2h, false);
  sso_.role_error = Error::service(ErrorKind::kCredentials, kSsoUnauthorized, "Session token not found", 401);
  auto rejected = resolve("sso-prof");
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().code, kSsoLoginRequired);
}

TEST_F(SsoProfileTest, IncompleteConfigurationIsNamed) {
  config(
      "[profile a]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = r\n"
      "[profile b]\nsso_start_url = https://x\n"
      "[profile c]\nsso_session = my-sso\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n"
      "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n");
  auto a = resolve("a");
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(a.error().message.find("[sso-session nope]"), std::string::npos);
  auto b = resolve("b");
  ASSERT_FALSE(b.has_value());
  EXPECT_NE(b.error().message.find("sso_region, sso_account_id, sso_role_name"), std::string::npos);
  auto c = resolve("c");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("sso_region differs"), std::string::npos);
}

TEST_F(SsoProfileTest, SsoProfileCanBeTheSourceOfARole) {
  config(std::string(kSessionConfig) +
         "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = sso-prof\n");
  token("my-sso", 2h, false);
  auto creds = resolve("admin");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  ASSERT_EQ(sts_.sources.size(), 1u);
  EXPECT_EQ(sts_.sources[0].access_key_id, "ASIASSOROLEXXXXXXXXX");
}

}  // namespace
}  // namespace rolecall::aws
