#include <gtest/gtest.h>

#include "aws/credentials/ecs_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/provider_error.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::FakeBlockingHttp;
using testing::http_response;

constexpr const char* kContainerBody =
    R"({"AccessKeyId":"ASIACONTAINERXXXXXXX","SecretAccessKey":"ctrsecret","Token":"ctrtoken",
        "Expiration":"2030-01-01T00:00:00Z","RoleArn":"arn:aws:iam::1:role/task"})";

TEST(EcsProvider, NotConfiguredWithoutUri) {
  FakeBlockingHttp http;
  rolecall::testing::FakeEnv p_env;
  EcsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
  EXPECT_TRUE(http.requests().empty());
}

TEST(EcsProvider, RelativeUriGoesToTheEcsHost) {
  FakeBlockingHttp http;
  http.set_handler([](const HttpRequest&) -> Result<HttpResponse> { return http_response(200, kContainerBody); });
  rolecall::testing::FakeEnv p_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"}});
  EcsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIACONTAINERXXXXXXX");
  EXPECT_EQ(creds->session_token, "ctrtoken");
  EXPECT_TRUE(creds->expiration.has_value());
  EXPECT_EQ(creds->provider, "container");
  ASSERT_EQ(http.request_count(), 1u);
  EXPECT_EQ(http.request(0).url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(http.request(0).header("Authorization"), "");
}

TEST(EcsProvider, FullUriWithTokenFilePreferredOverToken) {
  FakeBlockingHttp http;
  http.set_handler([](const HttpRequest&) -> Result<HttpResponse> { return http_response(200, kContainerBody); });
  rolecall::testing::FakeEnv p_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"}});
  p_env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", testing::EnvFiles(p_env).write("token", "file-token\n"));
  EcsProvider p(p_env, http);
  ASSERT_TRUE(p.resolve().has_value());
  EXPECT_EQ(http.request(0).url, "http://169.254.170.23/v1/credentials");
  EXPECT_EQ(http.request(0).header("Authorization"), "file-token");

  FakeBlockingHttp http2;
  http2.set_handler(http.handler());
  rolecall::testing::FakeEnv p2_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds"},
                                     {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"}});
  EcsProvider p2(p2_env, http2);
  ASSERT_TRUE(p2.resolve().has_value());
  EXPECT_EQ(http2.request(0).header("Authorization"), "env-token");
}

TEST(EcsProvider, UnreadableTokenFileIsAnIoErrorNamingIt) {
  FakeBlockingHttp http;
  rolecall::testing::FakeEnv env(
      {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}, {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"}});
  EcsProvider p(env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kIo);
  EXPECT_EQ(creds.error().message,
            "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE /var/run/token: No such file or directory");
  EXPECT_TRUE(http.requests().empty());
}

TEST(EcsProvider, FullUriHostRules) {
  EXPECT_TRUE(is_allowed_container_host("127.0.0.1"));
  EXPECT_TRUE(is_allowed_container_host("127.5.6.7"));
  EXPECT_TRUE(is_allowed_container_host("localhost"));
  EXPECT_TRUE(is_allowed_container_host("::1"));
  EXPECT_TRUE(is_allowed_container_host("[::1]"));
  EXPECT_TRUE(is_allowed_container_host("169.254.170.2"));
  EXPECT_TRUE(is_allowed_container_host("fd00:ec2:0::23"));
  EXPECT_FALSE(is_allowed_container_host("169.254.169.254"));
  EXPECT_FALSE(is_allowed_container_host("example.com"));
  EXPECT_FALSE(is_allowed_container_host("128.0.0.1"));

  FakeBlockingHttp http;
  rolecall::testing::FakeEnv plain_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://evil.example.com/creds"}});
  EcsProvider plain(plain_env, http);
  auto creds = plain.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_FALSE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("evil.example.com is not allowed"), std::string::npos);
  EXPECT_TRUE(http.requests().empty());

  http.set_handler([](const HttpRequest&) -> Result<HttpResponse> { return http_response(200, kContainerBody); });
  rolecall::testing::FakeEnv tls_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example.com/x"}});
  EcsProvider tls(tls_env, http);
  EXPECT_TRUE(tls.resolve().has_value());
  rolecall::testing::FakeEnv ipv6_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://[fd00:ec2::23]/x"}});
  EcsProvider ipv6(ipv6_env, http);
  EXPECT_TRUE(ipv6.resolve().has_value());
}

TEST(EcsProvider, HttpErrorsAndRetries) {
  FakeBlockingHttp http;
  int calls = 0;
  http.set_handler([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) return fail(ErrorKind::kNetwork, "timeout");
    return http_response(200, kContainerBody);
  });
  rolecall::testing::FakeEnv p_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/x"}});
  EcsProvider p(p_env, http);
  EXPECT_TRUE(p.resolve().has_value());
  EXPECT_EQ(calls, 2);

  http.set_handler([](const HttpRequest&) -> Result<HttpResponse> { return http_response(403, "denied"); });
  auto denied = p.resolve();
  ASSERT_FALSE(denied.has_value());
  EXPECT_FALSE(is_not_configured(denied.error()));
  EXPECT_EQ(denied.error().http_status, 403);

  http.clear_requests();
  http.set_handler([](const HttpRequest&) -> Result<HttpResponse> { return http_response(500, "oops"); });
  EXPECT_FALSE(p.resolve().has_value());
  EXPECT_EQ(http.request_count(), 2u);  // one retry, then give up
}

// Scripts a metadata service: token, role listing, role credentials.
struct FakeImds {
  int token_status = 200;
  int role_status = 200;
  std::string role = "WebServerRole";
  std::string creds_body = R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDSXXXXXXXXXXXX",
      "SecretAccessKey":"imdssecret","Token":"imdstoken","Expiration":"2030-01-01T00:00:00Z"})";

  FakeBlockingHttp::Handler handler() {
    return [this](const HttpRequest& r) -> Result<HttpResponse> {
      if (r.method == "PUT" && r.url.ends_with("/latest/api/token")) {
        if (r.header("X-aws-ec2-metadata-token-ttl-seconds").empty()) return http_response(400, "");
        return http_response(token_status, token_status == 200 ? "imds-session-token" : "");
      }
      if (token_status == 200 && r.header("X-aws-ec2-metadata-token") != "imds-session-token") {
        return http_response(401, "");
      }
      if (r.url.ends_with("/latest/meta-data/iam/security-credentials/"))
        return http_response(role_status, role + "\n");
      if (r.url.ends_with("/latest/meta-data/iam/security-credentials/" + role)) return http_response(200, creds_body);
      return http_response(404, "");
    };
  }
};

TEST(ImdsProvider, Imdsv2TokenFlow) {
  FakeImds imds;
  FakeBlockingHttp http;
  http.set_handler(imds.handler());
  rolecall::testing::FakeEnv p_env;
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIAIMDSXXXXXXXXXXXX");
  EXPECT_EQ(creds->session_token, "imdstoken");
  EXPECT_EQ(creds->provider, "ec2-instance-metadata (role WebServerRole)");
  ASSERT_EQ(http.request_count(), 3u);
  EXPECT_EQ(http.request(0).method, "PUT");
  EXPECT_EQ(http.request(0).url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(http.request(0).header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(http.request(1).url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(http.request(2).url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/WebServerRole");
  EXPECT_EQ(http.request(2).header("X-aws-ec2-metadata-token"), "imds-session-token");
}

TEST(ImdsProvider, CustomEndpointAndIpv6Mode) {
  FakeImds imds;
  FakeBlockingHttp http;
  http.set_handler(imds.handler());
  rolecall::testing::FakeEnv custom_env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"}});
  ImdsProvider custom(custom_env, http);
  ASSERT_TRUE(custom.resolve().has_value());
  EXPECT_EQ(http.request(0).url, "http://127.0.0.1:1338/latest/api/token");
  http.clear_requests();
  rolecall::testing::FakeEnv v6_env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}});
  ImdsProvider v6(v6_env, http);
  ASSERT_TRUE(v6.resolve().has_value());
  EXPECT_EQ(http.request(0).url, "http://[fd00:ec2::254]/latest/api/token");
  rolecall::testing::FakeEnv bad_env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5"}});
  ImdsProvider bad(bad_env, http);
  EXPECT_FALSE(bad.resolve().has_value());
}

TEST(ImdsProvider, DisabledFlagMakesNoRequest) {
  FakeBlockingHttp http;
  rolecall::testing::FakeEnv p_env({{"AWS_EC2_METADATA_DISABLED", "TRUE"}});
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_TRUE(http.requests().empty());
}

TEST(ImdsProvider, NoRoleIsNotConfigured) {
  FakeImds imds;
  imds.role_status = 404;
  FakeBlockingHttp http;
  http.set_handler(imds.handler());
  rolecall::testing::FakeEnv p_env;
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
  EXPECT_NE(creds.error().message.find("no IAM role"), std::string::npos);
}

TEST(ImdsProvider, UnreachableIsNotConfiguredAfterOneRetry) {
  FakeBlockingHttp http;  // no handler: every request fails with kNetwork
  rolecall::testing::FakeEnv p_env;
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_TRUE(is_not_configured(creds.error()));
  EXPECT_EQ(http.request_count(), 2u);
}

TEST(ImdsProvider, FallsBackToV1UnlessDisabled) {
  FakeImds imds;
  imds.token_status = 403;
  FakeBlockingHttp http;
  http.set_handler(imds.handler());
  rolecall::testing::FakeEnv p_env;
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(http.request(1).header("X-aws-ec2-metadata-token"), "");

  rolecall::testing::FakeEnv strict_env({{"AWS_EC2_METADATA_V1_DISABLED", "true"}});

  ImdsProvider strict(strict_env, http);
  auto refused = strict.resolve();
  ASSERT_FALSE(refused.has_value());
  EXPECT_FALSE(is_not_configured(refused.error()));
}

TEST(ImdsProvider, FailureCodeInDocument) {
  FakeImds imds;
  imds.creds_body = R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"x"})";
  FakeBlockingHttp http;
  http.set_handler(imds.handler());
  rolecall::testing::FakeEnv p_env;
  ImdsProvider p(p_env, http);
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws
