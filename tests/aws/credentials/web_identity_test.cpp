#include <gtest/gtest.h>

#include "aws/credentials/caching_provider.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/web_identity_provider.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using namespace std::chrono_literals;
using rolecall::testing::FakeEnv;
using testing::EnvFiles;
using testing::FakeSts;

TEST(WebIdentityProvider, NotConfiguredWithoutTokenFile) {
  FakeSts sts;
  FakeEnv env({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/R"}});
  auto p = WebIdentityProvider::from_environment(env, "", sts);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
}

TEST(WebIdentityProvider, TokenFileWithoutRoleIsAnError) {
  FakeSts sts;
  FakeEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent"}});
  auto p = WebIdentityProvider::from_environment(env, "", sts);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("AWS_ROLE_ARN is not"), std::string::npos);
}

TEST(WebIdentityProvider, RereadsTokenFileOnEachRefresh) {
  FakeEnv env({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/Pod"}, {"AWS_ROLE_SESSION_NAME", "pod-session"}});
  EnvFiles dir(env);
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", dir.write("token", "jwt-first\n"));
  FakeSts sts;
  auto& clock = env.fake_clock();
  sts.expiration = clock.now() + 1h;
  auto inner = std::make_unique<WebIdentityProvider>(WebIdentityProvider::from_environment(env, "us-west-2", sts));
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
  FakeEnv env;
  EnvFiles dir(env);
  FakeSts sts;
  WebIdentityConfig config{dir.path() + "/missing", "arn:aws:iam::1:role/R", "", std::nullopt, "", "test"};
  WebIdentityProvider missing(config, sts, env);
  auto r = missing.resolve();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_NE(r.error().message.find(dir.path() + "/missing"), std::string::npos);
  EXPECT_EQ(r.error().message,
            "cannot read web identity token file " + dir.path() + "/missing: No such file or directory");
  config.token_file = dir.write("empty", "\n");
  WebIdentityProvider empty(config, sts, env);
  EXPECT_FALSE(empty.resolve().has_value());
  EXPECT_TRUE(sts.web_calls.empty());
}

}  // namespace
}  // namespace rolecall::aws
