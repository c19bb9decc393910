// Every failure path that has a secret in hand must keep it out of the Error.
#include <gtest/gtest.h>

#include "aws/credentials/chain.h"
#include "aws/credentials/ecs_provider.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/process_provider.h"
#include "aws/credentials/profile_provider.h"
#include "aws/credentials/web_identity_provider.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::FakeEnv;
using testing::EnvFiles;
using testing::FakeBlockingHttp;
using testing::FakeSts;
using testing::http_response;

constexpr const char* kSecret = "wJalrXUtnFEMIK7MDENGbPxRfiCYSECRETKEY";
constexpr const char* kToken = "FwoGZXIvYXdzSESSIONTOKENVALUE";

void expect_clean(const Result<Credentials>& r, const std::string& what) {
  ASSERT_FALSE(r.has_value()) << what;
  const Error& e = r.error();
  for (const std::string& text : {e.message, e.code, e.describe()}) {
    EXPECT_EQ(text.find(kSecret), std::string::npos) << what << ": " << text;
    EXPECT_EQ(text.find(kToken), std::string::npos) << what << ": " << text;
  }
}

TEST(NoSecretInErrors, EnvironmentAndFiles) {
  expect_clean(EnvironmentProvider(FakeEnv({{"AWS_SECRET_ACCESS_KEY", kSecret}})).resolve(), "secret without key id");
  expect_clean(EnvironmentProvider(FakeEnv({{"AWS_ACCESS_KEY_ID", "AKIAXXXXXXXXXXXXXXXX"},
                                            {"AWS_SECRET_ACCESS_KEY", kSecret},
                                            {"AWS_SESSION_TOKEN", kToken},
                                            {"AWS_CREDENTIAL_EXPIRATION", kToken}}))
                   .resolve(),
               "bad expiration");

  FakeBlockingHttp http;
  FakeSts sts;
  auto run_profile = [&](const std::string& credentials_text, const std::string& profile) {
    FakeEnv env;
    env.fake_clock().set_now(testing::kTestNow);
    EnvFiles dir(env);
    env.set("AWS_CONFIG_FILE", dir.path() + "/none");
    env.set("AWS_SHARED_CREDENTIALS_FILE", dir.write("credentials", credentials_text));
    ProfileProvider p(ProfileProviderOptions{ProfileChoice{profile, "--profile", true}, env, http, sts, ""});
    return p.resolve();
  };
  expect_clean(run_profile(std::string("[p]\naws_secret_access_key = ") + kSecret + "\n", "p"), "partial profile");
  expect_clean(run_profile(std::string("[p]\n") + kSecret + "\n", "p"), "malformed line");
  expect_clean(run_profile(std::string("[p]\naws_secret_access_key = ") + kSecret + "\n[" + kToken + "\n", "p"),
               "malformed header");
  expect_clean(
      run_profile(std::string("[p]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = ") + kSecret +
                      "\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = p\nduration_seconds = " + kToken + "\n",
                  "p"),
      "bad duration");
  sts.assume_error = Error::service(ErrorKind::kAccessDenied, "AccessDenied", "denied", 403, "req-1");
  expect_clean(
      run_profile(std::string("[p]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = ") + kSecret +
                      "\naws_session_token = " + kToken + "\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = p\n",
                  "p"),
      "sts denied");
}

TEST(NoSecretInErrors, CredentialProcess) {
  std::string doc = std::string(R"({"Version":1,"AccessKeyId":"AKIAXXXXXXXXXXXXXXXX","SecretAccessKey":")") + kSecret +
                    R"(","SessionToken":")" + kToken + "\"";
  expect_clean(ProcessProvider("echo '" + doc + "}'; exit 1", "p").resolve(), "exit 1");
  expect_clean(ProcessProvider("echo '" + doc + "'", "p").resolve(), "truncated JSON");
  expect_clean(ProcessProvider("echo '" + doc + R"(,"Expiration":")" + kSecret + "\"}'", "p").resolve(),
               "bad expiration");
  expect_clean(ProcessProvider("echo '" + doc + R"(,"Version":2})" + "'", "p").resolve(), "bad version");
}

TEST(NoSecretInErrors, MetadataEndpoints) {
  std::string partial = std::string(R"({"AccessKeyId":"ASIAXXXXXXXXXXXXXXXX","SecretAccessKey":")") + kSecret +
                        R"(","Token":")" + kToken + R"("})";
  FakeBlockingHttp http;
  http.set_handler([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT") return http_response(200, "tok");
    if (r.url.ends_with("/security-credentials/")) return http_response(200, "Role");
    return http_response(200, partial);  // no Expiration
  });
  expect_clean(EcsProvider(FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), http).resolve(),
               "container without expiration");
  expect_clean(ImdsProvider(FakeEnv(), http).resolve(), "imds without expiration");
  http.set_handler([&](const HttpRequest&) -> Result<HttpResponse> { return http_response(500, partial); });
  expect_clean(EcsProvider(FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}), http).resolve(),
               "container 500");
  expect_clean(EcsProvider(FakeEnv({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/c"},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kToken}}),
                           http)
                   .resolve(),
               "container bad host");
  expect_clean(EcsProvider(FakeEnv({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", std::string(kToken) + "\n"}}),
                           http)
                   .resolve(),
               "token with newline");
}

TEST(NoSecretInErrors, WebIdentityTokenNotEchoed) {
  FakeEnv env;
  FakeSts sts;
  sts.assume_error = Error::service(ErrorKind::kAws, "InvalidIdentityToken", "InvalidIdentityToken", 400);
  WebIdentityConfig config{EnvFiles(env).write("token", kToken), "arn:aws:iam::1:role/R", "", std::nullopt, "", "test"};
  expect_clean(WebIdentityProvider(config, sts, env).resolve(), "sts rejects token");
}

TEST(NoSecretInErrors, ChainReport) {
  FakeBlockingHttp http;
  FakeSts sts;
  FakeEnv env({{"HOME", "/test"}, {"AWS_SESSION_TOKEN", kToken}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  ChainOptions options{http, sts, std::nullopt, std::nullopt, env};
  expect_clean(make_default_chain(options)->resolve(), "chain with only a session token");
}

}  // namespace
}  // namespace rolecall::aws
