#include <gtest/gtest.h>

#include "aws/credentials/chain.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/static_provider.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::EnvFiles;
using testing::FakeBlockingHttp;
using testing::FakeSts;
using testing::http_response;

// Runs make_default_chain against an injected environment and its shared files.
class ChainTest : public ::testing::Test {
 protected:
  ChainTest() {
    env_.fake_clock().set_now(testing::kTestNow);
    env_.set("HOME", dir_.path() + "/home");  // never the real ~/.aws
    env_.set("AWS_EC2_METADATA_DISABLED", "true");
  }
  void config(const std::string& text) { dir_.write("home/.aws/config", text); }
  void credentials(const std::string& text) { dir_.write("home/.aws/credentials", text); }
  Result<Credentials> resolve(std::optional<std::string> profile = std::nullopt) {
    ChainOptions options{http_, sts_, std::move(profile), std::nullopt, env_};
    return make_default_chain(options)->resolve();
  }
  void set_env_keys() {
    env_.set("AWS_ACCESS_KEY_ID", "AKIAENVXXXXXXXXXXXXX");
    env_.set("AWS_SECRET_ACCESS_KEY", "envsecret");
  }

  rolecall::testing::FakeEnv env_;
  EnvFiles dir_{env_};
  FakeBlockingHttp http_;
  FakeSts sts_;
};

TEST_F(ChainTest, NoCredentialsListsEveryProvider) {
  auto creds = resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kCredentials);
  const std::string& m = creds.error().message;
  EXPECT_EQ(
      m,
      "no AWS credentials found; tried:\n"
      "  environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\n"
      "  web-identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set\n"
      "  shared-files (profile default): profile default not found in " +
          dir_.path() + "/home/.aws/config or " + dir_.path() +
          "/home/.aws/credentials\n"
          "  container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set\n"
          "  ec2-instance-metadata: disabled by AWS_EC2_METADATA_DISABLED");
}

TEST_F(ChainTest, EnvironmentBeatsSharedFiles) {
  set_env_keys();
  env_.set("AWS_SESSION_TOKEN", "envtoken");
  credentials("[default]\naws_access_key_id = AKIAFILEXXXXXXXXXXXX\naws_secret_access_key = filesecret\n");
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIAENVXXXXXXXXXXXXX");
  EXPECT_EQ(creds->session_token, "envtoken");
  EXPECT_EQ(creds->provider, "environment");
}

TEST_F(ChainTest, PartialEnvironmentStopsTheChain) {
  env_.set("AWS_ACCESS_KEY_ID", "AKIAENVXXXXXXXXXXXXX");
  credentials("[default]\naws_access_key_id = AKIAFILEXXXXXXXXXXXX\naws_secret_access_key = filesecret\n");
  auto creds = resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().message, "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}

TEST_F(ChainTest, ExplicitProfileOverridesEnvironment) {
  set_env_keys();
  credentials("[dev]\naws_access_key_id = AKIADEVXXXXXXXXXXXXX\naws_secret_access_key = devsecret\n");
  auto creds = resolve("dev");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIADEVXXXXXXXXXXXXX");
  EXPECT_EQ(creds->provider, "shared-credentials-file (profile dev)");
}

TEST_F(ChainTest, ExplicitMissingProfileFailsNamingIt) {
  set_env_keys();
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  credentials("[default]\naws_access_key_id = AKIAFILEXXXXXXXXXXXX\naws_secret_access_key = filesecret\n");
  auto creds = resolve("staging");
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(creds.error().message.find("profile staging (from --profile) not found"), std::string::npos)
      << creds.error().message;
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(ChainTest, AwsProfileSelectsSharedProfile) {
  env_.set("AWS_PROFILE", "ops");
  credentials(
      "[default]\naws_access_key_id = AKIADEFAULTXXXXXXXXX\naws_secret_access_key = defsecret\n"
      "[ops]\naws_access_key_id = AKIAOPSXXXXXXXXXXXXX\naws_secret_access_key = opssecret\n");
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIAOPSXXXXXXXXXXXXX");
}

TEST_F(ChainTest, MissingAwsProfileStopsBeforeMachineIdentity) {
  env_.set("AWS_PROFILE", "typo");
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  auto creds = resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("profile typo (from AWS_PROFILE) not found"), std::string::npos)
      << creds.error().message;
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(ChainTest, WebIdentityBeatsSharedFiles) {
  env_.set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.write("token", "jwt"));
  env_.set("AWS_ROLE_ARN", "arn:aws:iam::1:role/Pod");
  env_.set("AWS_REGION", "eu-central-1");
  credentials("[default]\naws_access_key_id = AKIAFILEXXXXXXXXXXXX\naws_secret_access_key = filesecret\n");
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->provider, "web-identity (environment)");
  EXPECT_EQ(sts_.web_calls.at(0).region, "eu-central-1");
}

TEST_F(ChainTest, SharedFilesBeatContainer) {
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  credentials("[default]\naws_access_key_id = AKIAFILEXXXXXXXXXXXX\naws_secret_access_key = filesecret\n");
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(creds->provider, "shared-credentials-file (profile default)");
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(ChainTest, FallsThroughToContainerThenInstanceMetadata) {
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  http_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return http_response(200, R"({"AccessKeyId":"ASIACTRXXXXXXXXXXXXX","SecretAccessKey":"s","Token":"t",
                             "Expiration":"2030-01-01T00:00:00Z"})");
  });
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->provider, "container");

  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", std::nullopt);
  env_.set("AWS_EC2_METADATA_DISABLED", std::nullopt);
  http_.set_handler([](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT") return http_response(200, "tok");
    if (r.url.ends_with("/security-credentials/")) return http_response(200, "InstanceRole");
    return http_response(200, R"({"Code":"Success","AccessKeyId":"ASIAIMDSXXXXXXXXXXXX","SecretAccessKey":"s",
                             "Token":"t","Expiration":"2030-01-01T00:00:00Z"})");
  });
  auto imds = resolve();
  ASSERT_TRUE(imds.has_value()) << imds.error().message;
  EXPECT_EQ(imds->provider, "ec2-instance-metadata (role InstanceRole)");
}

TEST_F(ChainTest, AssumeRoleProfileUsesProfileRegionForSts) {
  env_.set("AWS_PROFILE", "prod");
  config("[profile prod]\nregion = ap-southeast-2\nrole_arn = arn:aws:iam::1:role/Audit\nsource_profile = dev\n");
  credentials("[dev]\naws_access_key_id = AKIADEVXXXXXXXXXXXXX\naws_secret_access_key = devsecret\n");
  auto creds = resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->provider, "assume-role (profile prod via dev)");
  EXPECT_EQ(sts_.assume_calls.at(0).region, "ap-southeast-2");
}

TEST(ChainProvider, RemembersTheProviderThatAnswered) {
  // The first provider is "not configured" once, then would answer: the chain must stay with the second.
  class Flaky final : public CredentialsProvider {
   public:
    Result<Credentials> resolve() override {
      if (calls_++ == 0) return not_configured("not yet");
      Credentials c;
      c.access_key_id = "AKIAFLAKYXXXXXXXXXXX";
      c.secret_access_key = "s";
      return c;
    }
    std::string name() const override { return "flaky"; }

   private:
    int calls_ = 0;
  };
  Credentials fixed;
  fixed.access_key_id = "AKIAFIXEDXXXXXXXXXXX";
  fixed.secret_access_key = "s";
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<Flaky>());
  providers.push_back(std::make_unique<StaticProvider>(fixed));
  ChainProvider chain(std::move(providers));
  EXPECT_EQ(chain.resolve()->access_key_id, "AKIAFIXEDXXXXXXXXXXX");
  EXPECT_EQ(chain.resolve()->access_key_id, "AKIAFIXEDXXXXXXXXXXX");
}

}  // namespace
}  // namespace rolecall::aws
