#include <gtest/gtest.h>

#include "aws/credentials/profile_provider.h"
#include "aws/credentials/provider_error.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::EnvFiles;
using testing::FakeBlockingHttp;
using testing::FakeSts;

// Builds the shared files in a FakeEnv and resolves profiles against them.
class ProfileProviderTest : public ::testing::Test {
 protected:
  ProfileProviderTest() { env_.fake_clock().set_now(testing::kTestNow); }
  void files(const std::string& config, const std::string& credentials) {
    env_.set("AWS_CONFIG_FILE", dir_.write("config", config));
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_.write("credentials", credentials));
  }
  Result<Credentials> resolve(const std::string& profile, bool is_explicit = false) {
    return resolve_choice(ProfileChoice{profile, is_explicit ? "--profile" : "AWS_PROFILE", is_explicit});
  }
  Result<Credentials> resolve_choice(ProfileChoice choice) {
    ProfileProviderOptions options{std::move(choice), env_, http_, sts_, "eu-west-1"};
    ProfileProvider provider(std::move(options));
    return provider.resolve();
  }

  rolecall::testing::FakeEnv env_;
  EnvFiles dir_{env_};
  FakeBlockingHttp http_;
  FakeSts sts_;
};

TEST_F(ProfileProviderTest, StaticKeysFromCredentialsFileWinOverConfig) {
  files(
      "[profile dev]\naws_access_key_id = AKIACONFIGXXXXXXXXXX\naws_secret_access_key = cfgsecret\n",
      "[dev]\naws_access_key_id = AKIACREDSXXXXXXXXXXX\naws_secret_access_key = credsecret\naws_session_token = tok\n");
  auto creds = resolve("dev");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIACREDSXXXXXXXXXXX");
  EXPECT_EQ(creds->secret_access_key, "credsecret");
  EXPECT_EQ(creds->session_token, "tok");
  EXPECT_EQ(creds->provider, "shared-credentials-file (profile dev)");
  EXPECT_FALSE(creds->expiration.has_value());
}

TEST_F(ProfileProviderTest, StaticKeysFromConfigFile) {
  files("[default]\naws_access_key_id = AKIACONFIGXXXXXXXXXX\naws_secret_access_key = cfgsecret\n", "");
  auto creds = resolve("default");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIACONFIGXXXXXXXXXX");
  EXPECT_EQ(creds->provider, "shared-config-file (profile default)");
}

TEST_F(ProfileProviderTest, PartialKeysAreAnError) {
  files("", "[dev]\naws_access_key_id = AKIACREDSXXXXXXXXXXX\n");
  auto creds = resolve("dev");
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("no aws_secret_access_key"), std::string::npos);
}

TEST_F(ProfileProviderTest, MissingProfileIsAnErrorUnlessImplicitDefault) {
  files("[profile other]\nregion = us-east-1\n", "");
  auto implicit_default = resolve_choice(ProfileChoice{"default", "default", false});
  ASSERT_FALSE(implicit_default.has_value());
  EXPECT_TRUE(is_not_configured(implicit_default.error()));
  EXPECT_NE(implicit_default.error().message.find("profile default not found"), std::string::npos);

  auto from_env = resolve("nope");
  ASSERT_FALSE(from_env.has_value());
  EXPECT_FALSE(is_not_configured(from_env.error()));
  EXPECT_NE(from_env.error().message.find("profile nope (from AWS_PROFILE) not found"), std::string::npos);
  auto explicit_ = resolve("nope", true);
  ASSERT_FALSE(explicit_.has_value());
  EXPECT_FALSE(is_not_configured(explicit_.error()));
  EXPECT_NE(explicit_.error().message.find("profile nope (from --profile) not found"), std::string::npos);
}

TEST_F(ProfileProviderTest, ProfileWithoutCredentials) {
  files("[profile bare]\nregion = us-east-1\n", "");
  auto implicit = resolve("bare");
  ASSERT_FALSE(implicit.has_value());
  EXPECT_TRUE(is_not_configured(implicit.error()));
  auto explicit_ = resolve("bare", true);
  ASSERT_FALSE(explicit_.has_value());
  EXPECT_FALSE(is_not_configured(explicit_.error()));
}

TEST_F(ProfileProviderTest, AssumeRoleViaSourceProfile) {
  files(
      "[profile prod]\nrole_arn = arn:aws:iam::111122223333:role/Audit\nsource_profile = dev\n"
      "external_id = ext-1\nrole_session_name = audit-run\nduration_seconds = 1800\n",
      "[dev]\naws_access_key_id = AKIADEVXXXXXXXXXXXXX\naws_secret_access_key = devsecret\n");
  auto creds = resolve("prod");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->provider, "assume-role (profile prod via dev)");
  EXPECT_EQ(creds->access_key_id, "ASIAROLE1XXXXXXXXXX");
  ASSERT_EQ(sts_.assume_calls.size(), 1u);
  EXPECT_EQ(sts_.sources[0].access_key_id, "AKIADEVXXXXXXXXXXXXX");
  const AssumeRoleParams& p = sts_.assume_calls[0];
  EXPECT_EQ(p.role_arn, "arn:aws:iam::111122223333:role/Audit");
  EXPECT_EQ(p.external_id, "ext-1");
  EXPECT_EQ(p.role_session_name, "audit-run");
  EXPECT_EQ(p.duration_seconds, 1800);
  EXPECT_EQ(p.region, "eu-west-1");
}

TEST_F(ProfileProviderTest, ChainsOfAnyDepthAndDefaultSessionName) {
  files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/B\nsource_profile = c\n"
      "[profile c]\nrole_arn = arn:aws:iam::3:role/C\nsource_profile = base\n",
      "[base]\naws_access_key_id = AKIABASEXXXXXXXXXXXX\naws_secret_access_key = basesecret\n");
  auto creds = resolve("a");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  ASSERT_EQ(sts_.assume_calls.size(), 3u);
  EXPECT_EQ(sts_.assume_calls[0].role_arn, "arn:aws:iam::3:role/C");
  EXPECT_EQ(sts_.sources[0].access_key_id, "AKIABASEXXXXXXXXXXXX");
  EXPECT_EQ(sts_.assume_calls[1].role_arn, "arn:aws:iam::2:role/B");
  EXPECT_EQ(sts_.sources[1].access_key_id, "ASIAROLE1XXXXXXXXXX");
  EXPECT_EQ(sts_.assume_calls[2].role_arn, "arn:aws:iam::1:role/A");
  EXPECT_EQ(sts_.assume_calls[2].role_session_name, "rolecall-1700000000");
  EXPECT_EQ(creds->provider, "assume-role (profile a via b via c via base)");
}

TEST_F(ProfileProviderTest, CyclesAreDetected) {
  files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/B\nsource_profile = a\n",
      "");
  auto creds = resolve("a");
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("source_profile cycle: a -> b -> a"), std::string::npos)
      << creds.error().message;
  EXPECT_TRUE(sts_.assume_calls.empty());
}

TEST_F(ProfileProviderTest, SelfSourceUsesOwnKeys) {
  files("",
        "[me]\naws_access_key_id = AKIAMEXXXXXXXXXXXXXX\naws_secret_access_key = mesecret\n"
        "role_arn = arn:aws:iam::1:role/Me\nsource_profile = me\n");
  auto creds = resolve("me");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "AKIAMEXXXXXXXXXXXXXX");
  EXPECT_EQ(creds->provider, "assume-role (profile me via me)");
}

TEST_F(ProfileProviderTest, MissingSourceProfileNamesIt) {
  files("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = ghost\n", "");
  auto creds = resolve("a");
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("profile ghost (source_profile of a) not found"), std::string::npos);
}

TEST_F(ProfileProviderTest, SourceProfileWithoutCredentialsIsAFailure) {
  files("[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = empty\n[profile empty]\nregion = x\n", "");
  auto creds = resolve("a");
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
}

TEST_F(ProfileProviderTest, CredentialSourceEnvironment) {
  files("[profile ci]\nrole_arn = arn:aws:iam::1:role/CI\ncredential_source = Environment\n", "");
  env_.set("AWS_ACCESS_KEY_ID", "AKIAENVXXXXXXXXXXXXX");
  env_.set("AWS_SECRET_ACCESS_KEY", "envsecret");
  auto creds = resolve("ci");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "AKIAENVXXXXXXXXXXXXX");
  EXPECT_EQ(creds->provider, "assume-role (profile ci via Environment)");
}

TEST_F(ProfileProviderTest, CredentialSourceImdsUnavailableIsAFailure) {
  files("[profile ec2]\nrole_arn = arn:aws:iam::1:role/X\ncredential_source = Ec2InstanceMetadata\n", "");
  auto creds = resolve("ec2");  // FakeBlockingHttp without handler: connection refused
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("credential_source Ec2InstanceMetadata of profile ec2"), std::string::npos);
}

TEST_F(ProfileProviderTest, CredentialSourceEcsContainer) {
  files("[profile task]\nrole_arn = arn:aws:iam::1:role/X\ncredential_source = EcsContainer\n", "");
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds");
  http_.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return testing::http_response(200, R"({"AccessKeyId":"ASIAECSXXXXXXXXXXXXX","SecretAccessKey":"s","Token":"t",
                                     "Expiration":"2030-01-01T00:00:00Z"})");
  });
  auto creds = resolve("task");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "ASIAECSXXXXXXXXXXXXX");
}

TEST_F(ProfileProviderTest, InvalidRoleSettingsAreClearErrors) {
  files(
      "[profile both]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = d\ncredential_source = Environment\n"
      "[profile bad_source]\nrole_arn = arn:aws:iam::1:role/X\ncredential_source = Laptop\n"
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = d\nmfa_serial = arn:aws:iam::1:mfa/u\n"
      "[profile dur]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = d\nduration_seconds = 60\n"
      "[profile orphan]\nrole_arn = arn:aws:iam::1:role/X\n"
      "[profile sso]\nsso_session = corp\n",
      "[d]\naws_access_key_id = AKIADXXXXXXXXXXXXXXX\naws_secret_access_key = dsecret\n");
  struct Case {
    const char* profile;
    const char* expected;
  };
  for (const Case& c : {Case{"both", "both source_profile and credential_source"},
                        Case{"bad_source", "credential_source Laptop is not one of"},
                        Case{"mfa", "needs an MFA code for arn:aws:iam::1:mfa/u"},
                        Case{"dur", "duration_seconds of profile dur must be"},
                        Case{"orphan", "no source_profile, credential_source or web_identity_token_file"},
                        Case{"sso", "no [sso-session corp] section"}}) {
    auto creds = resolve(c.profile);
    ASSERT_FALSE(creds.has_value()) << c.profile;
    EXPECT_FALSE(is_not_configured(creds.error())) << c.profile;
    EXPECT_NE(creds.error().message.find(c.expected), std::string::npos) << creds.error().message;
  }
  EXPECT_TRUE(sts_.assume_calls.empty());
}

TEST_F(ProfileProviderTest, StsFailureCarriesContext) {
  files("[profile prod]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = d\n",
        "[d]\naws_access_key_id = AKIADXXXXXXXXXXXXXXX\naws_secret_access_key = dsecret\n");
  sts_.assume_error =
      Error::service(ErrorKind::kAccessDenied, "AccessDenied", "not authorized to perform sts:AssumeRole", 403);
  auto creds = resolve("prod");
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kAccessDenied);
  EXPECT_NE(creds.error().message.find("profile prod: assume role arn:aws:iam::1:role/X"), std::string::npos)
      << creds.error().message;
}

TEST_F(ProfileProviderTest, WebIdentityInProfile) {
  std::string token_file = dir_.write("token", "jwt-one\n");
  files("[profile k8s]\nrole_arn = arn:aws:iam::1:role/Pod\nweb_identity_token_file = " + token_file +
            "\nrole_session_name = pod\n",
        "");
  auto creds = resolve("k8s");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  ASSERT_EQ(sts_.web_calls.size(), 1u);
  EXPECT_EQ(sts_.web_calls[0].web_identity_token, "jwt-one");
  EXPECT_EQ(sts_.web_calls[0].role_session_name, "pod");
  EXPECT_EQ(creds->provider, "web-identity (profile k8s)");
}

TEST_F(ProfileProviderTest, CredentialProcessInProfile) {
  files(
      "[profile proc]\ncredential_process = printf '%s' '{\"Version\":1,\"AccessKeyId\":\"AKIAPROCXXXXXXXXXXXX\","
      "\"SecretAccessKey\":\"procsecret\"}'\n",
      "");
  auto creds = resolve("proc");
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "AKIAPROCXXXXXXXXXXXX");
  EXPECT_EQ(creds->provider, "credential-process (profile proc)");
}

}  // namespace
}  // namespace rolecall::aws
