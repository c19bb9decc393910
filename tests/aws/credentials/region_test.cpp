#include <gtest/gtest.h>

#include "aws/region.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::EnvFiles;

class RegionTest : public ::testing::Test {
 protected:
  RegionTest() {
    env_.set("AWS_CONFIG_FILE",
             dir_.write("config",
                        "[default]\nregion = us-east-2\n"
                        "[profile eu]\nregion = eu-north-1\nmax_attempts = 7\nretry_mode = adaptive\n"
                        "ca_bundle = /etc/corp-ca.pem\nendpoint_url = http://127.0.0.1:4566\n"
                        "output = json\naws_secret_access_key = hidden\n"
                        "s3 =\n  addressing_style = path\n"
                        "[profile bare]\noutput = text\n"
                        "[profile badretry]\nretry_mode = aggressive\n"
                        "[profile badattempts]\nmax_attempts = zero\n"
                        "[profile badregion]\nregion = US East\n"));
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.path() + "/none");
  }
  const base::Env& env() const { return env_; }

  rolecall::testing::FakeEnv env_;
  EnvFiles dir_{env_};
};

TEST_F(RegionTest, PrecedenceAndSource) {
  env_.set("AWS_REGION", "us-west-1");
  env_.set("AWS_DEFAULT_REGION", "us-west-2");
  auto flag = resolve_region(std::string("ca-central-1"), env(), std::nullopt);
  ASSERT_TRUE(flag.has_value());
  EXPECT_EQ(flag->region, "ca-central-1");
  EXPECT_EQ(flag->source, "--region");

  auto aws_region = resolve_region(std::nullopt, env(), std::nullopt);
  EXPECT_EQ(aws_region->region, "us-west-1");
  EXPECT_EQ(aws_region->source, "AWS_REGION");

  env_.set("AWS_REGION", std::nullopt);
  auto default_region = resolve_region(std::nullopt, env(), std::nullopt);
  EXPECT_EQ(default_region->region, "us-west-2");
  EXPECT_EQ(default_region->source, "AWS_DEFAULT_REGION");

  env_.set("AWS_DEFAULT_REGION", std::nullopt);
  auto from_default = resolve_region(std::nullopt, env(), std::nullopt);
  EXPECT_EQ(from_default->region, "us-east-2");
  EXPECT_EQ(from_default->source, "profile default (" + dir_.path() + "/config)");

  auto from_flag_profile = resolve_region(std::nullopt, env(), std::string("eu"));
  EXPECT_EQ(from_flag_profile->region, "eu-north-1");
  env_.set("AWS_PROFILE", "eu");
  EXPECT_EQ(resolve_region(std::nullopt, env(), std::nullopt)->source, "profile eu (" + dir_.path() + "/config)");
}

TEST_F(RegionTest, NoneIsAnError) {
  auto r = resolve_region(std::nullopt, env(), std::string("bare"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(r.error().message.find("no AWS region"), std::string::npos);
  EXPECT_NE(r.error().message.find("profile bare"), std::string::npos);
}

TEST_F(RegionTest, MalformedRegionNamesTheSource) {
  auto r = resolve_region(std::nullopt, env(), std::string("badregion"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("profile badregion"), std::string::npos);
  env_.set("AWS_REGION", "us_east_1");
  auto e = resolve_region(std::nullopt, env(), std::nullopt);
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().message.find("from AWS_REGION"), std::string::npos);
}

TEST_F(RegionTest, ProfileSettings) {
  auto s = load_profile_settings(env(), std::string("eu"));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_TRUE(s->found);
  EXPECT_EQ(s->profile, "eu");
  EXPECT_EQ(s->region, "eu-north-1");
  EXPECT_EQ(s->max_attempts, 7);
  EXPECT_EQ(s->retry_mode, "adaptive");
  EXPECT_EQ(s->ca_bundle, "/etc/corp-ca.pem");
  EXPECT_EQ(s->endpoint_url, "http://127.0.0.1:4566");
  EXPECT_EQ(s->output, "json");
  EXPECT_EQ(s->sections.at("s3").at("addressing_style"), "path");
  EXPECT_FALSE(s->get("aws_secret_access_key").has_value());
  EXPECT_EQ(s->get("output"), "json");
}

TEST_F(RegionTest, EnvironmentOverridesProfileSettings) {
  env_.set("AWS_MAX_ATTEMPTS", "2");
  env_.set("AWS_RETRY_MODE", "standard");
  env_.set("AWS_CA_BUNDLE", "/tmp/ca.pem");
  auto s = load_profile_settings(env(), std::string("eu"));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->max_attempts, 2);
  EXPECT_EQ(s->retry_mode, "standard");
  EXPECT_EQ(s->ca_bundle, "/tmp/ca.pem");
}

TEST_F(RegionTest, SettingsErrors) {
  auto missing = load_profile_settings(env(), std::string("ghost"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("profile ghost (from --profile) not found"), std::string::npos);

  env_.set("AWS_PROFILE", "ghost");
  auto implicit = load_profile_settings(env(), std::nullopt);
  ASSERT_TRUE(implicit.has_value());
  EXPECT_FALSE(implicit->found);

  auto retry = load_profile_settings(env(), std::string("badretry"));
  ASSERT_FALSE(retry.has_value());
  EXPECT_NE(retry.error().message.find("retry_mode of profile badretry"), std::string::npos);
  auto attempts = load_profile_settings(env(), std::string("badattempts"));
  ASSERT_FALSE(attempts.has_value());
  EXPECT_NE(attempts.error().message.find("max_attempts of profile badattempts"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws
