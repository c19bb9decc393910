#include <gtest/gtest.h>

#include "aws/credentials/caching_provider.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/web_identity_provider.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeSts;
using testing::TempDir;

TEST(WebIdentityProvider, NotConfiguredWithoutTokenFile) {
  FakeSts sts;
  FakeClock clock;
  auto p = WebIdentityProvider::from_environment(Environment::from_map({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/R"}}), "",
                                                 sts, clock);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
}

TEST(WebIdentityProvider, TokenFileWithoutRoleIsAnError) {
  FakeSts sts;
  FakeClock clock;
  auto p = WebIdentityProvider::from_environment(
      Environment::from_map({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent"}}), "", sts, clock);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("AWS_ROLE_ARN is not"), std::string::npos);
}

TEST(WebIdentityProvider, RereadsTokenFileOnEachRefresh) {
  TempDir dir;
  std::string token_file = dir.write("token", "jwt-first\n");
  FakeSts sts;
  FakeClock clock;
  sts.expiration = clock.now() + 1h;
  auto inner = std::make_unique<WebIdentityProvider>(
      WebIdentityProvider::from_environment(Environment::from_map({{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file},
                                                                   {"AWS_ROLE_ARN", "arn:aws:iam::1:role/Pod"},
                                                                   {"AWS_ROLE_SESSION_NAME", "pod-session"}}),
                                            "us-west-2", sts, clock));
  CachingProvider cache(std::move(inner), clock);
  auto first = cache.resolve();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->provider, "web-identity (environment)");
  ASSERT_EQ(sts.web_calls.size(), 1u);
  EXPECT_EQ(sts.web_calls[0].web_identity_token, "jwt-first");
  EXPECT_EQ(sts.web_calls[0].role_arn, "arn:aws:iam::1:role/Pod");
  EXPECT_EQ(sts.web_calls[0].role_session_name, "pod-session");
  EXPECT_EQ(sts.web_calls[0].region, "us-west-2");

  dir.write("token", "jwt-rotated");
  clock.advance(58min);
  sts.expiration = clock.now() + 1h;
  ASSERT_TRUE(cache.resolve().has_value());
  ASSERT_EQ(sts.web_calls.size(), 2u);
  EXPECT_EQ(sts.web_calls[1].web_identity_token, "jwt-rotated");
}

TEST(WebIdentityProvider, UnreadableOrEmptyTokenFile) {
  TempDir dir;
  FakeSts sts;
  FakeClock clock;
  WebIdentityConfig config{dir.path() + "/missing", "arn:aws:iam::1:role/R", "", std::nullopt, "", "test"};
  WebIdentityProvider missing(config, sts, clock);
  auto r = missing.resolve();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_NE(r.error().message.find(dir.path() + "/missing"), std::string::npos);
  config.token_file = dir.write("empty", "\n");
  WebIdentityProvider empty(config, sts, clock);
  EXPECT_FALSE(empty.resolve().has_value());
  EXPECT_TRUE(sts.web_calls.empty());
}

}  // namespace
}  // namespace rolecall::aws
