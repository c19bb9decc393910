// Partitions, regional and global endpoints, signing regions and the CLI's endpoint overrides.

#include <gtest/gtest.h>

#include <optional>

#include "aws/endpoints.h"
#include "support/fake_env.h"

namespace rolecall::aws {
namespace {

Endpoint resolve_ok(const std::string& service, const std::string& region, const EndpointOverrides& overrides = {}) {
  auto endpoint = resolve_endpoint(service, region, overrides);
  EXPECT_TRUE(endpoint.has_value()) << service << " " << region << ": " << (endpoint ? "" : endpoint.error().message);
  return endpoint.value_or(Endpoint{});
}

TEST(PartitionOf, ByRegionPrefix) {
  for (const char* region : {"us-east-1", "eu-west-1", "ap-southeast-2", "il-central-1", "us-west-2"}) {
    EXPECT_EQ(partition_of(region), "aws") << region;
  }
  for (const char* region : {"cn-north-1", "cn-northwest-1"}) EXPECT_EQ(partition_of(region), "aws-cn") << region;
  for (const char* region : {"us-gov-west-1", "us-gov-east-1"}) {
    EXPECT_EQ(partition_of(region), "aws-us-gov") << region;
  }
}

struct Expected {
  const char* service;
  const char* region;
  const char* url;
  const char* signing_region;
};

TEST(ResolveEndpoint, RegionalAndGlobalEndpointsPerPartition) {
  const Expected cases[] = {
      {"ec2", "us-east-1", "https://ec2.us-east-1.amazonaws.com", "us-east-1"},
      {"ec2", "eu-west-1", "https://ec2.eu-west-1.amazonaws.com", "eu-west-1"},
      {"ec2", "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {"ec2", "us-gov-west-1", "https://ec2.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {"sts", "ap-south-1", "https://sts.ap-south-1.amazonaws.com", "ap-south-1"},
      {"sts", "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
      {"sts", "us-gov-east-1", "https://sts.us-gov-east-1.amazonaws.com", "us-gov-east-1"},
      {"autoscaling", "eu-west-1", "https://autoscaling.eu-west-1.amazonaws.com", "eu-west-1"},
      {"autoscaling", "cn-north-1", "https://autoscaling.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {"iam", "us-east-1", "https://iam.amazonaws.com", "us-east-1"},
      {"iam", "eu-central-1", "https://iam.amazonaws.com", "us-east-1"},
      {"iam", "cn-north-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {"iam", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {"iam", "us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1"},
      {"organizations", "us-west-2", "https://organizations.us-east-1.amazonaws.com", "us-east-1"},
      {"organizations", "cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
      {"organizations", "us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
  };
  for (const auto& c : cases) {
    const auto endpoint = resolve_ok(c.service, c.region);
    EXPECT_EQ(endpoint.url, c.url) << c.service << " " << c.region;
    EXPECT_EQ(endpoint.signing_region, c.signing_region) << c.service << " " << c.region;
    EXPECT_EQ(endpoint.signing_name, c.service);
  }
}

TEST(ResolveEndpoint, GlobalServicesWithoutARegionUseTheAwsPartition) {
  const auto iam = resolve_ok("iam", "");
  EXPECT_EQ(iam.url, "https://iam.amazonaws.com");
  EXPECT_EQ(iam.signing_region, "us-east-1");
  const auto orgs = resolve_ok("organizations", "", EndpointOverrides{.global_url = "http://127.0.0.1:4566/"});
  EXPECT_EQ(orgs.url, "http://127.0.0.1:4566");
  EXPECT_EQ(orgs.signing_region, "us-east-1");
}

TEST(ResolveEndpoint, ServiceOverrideBeatsGlobalAndKeepsSigningRegion) {
  EndpointOverrides overrides;
  overrides.global_url = "http://127.0.0.1:4566/";
  overrides.per_service["ec2"] = "http://localhost:5000/";
  overrides.per_service["iam"] = "https://iam.internal:8443//";

  auto ec2 = resolve_ok("ec2", "eu-west-1", overrides);
  EXPECT_EQ(ec2.url, "http://localhost:5000");
  EXPECT_EQ(ec2.signing_region, "eu-west-1");

  auto iam = resolve_ok("iam", "eu-west-1", overrides);
  EXPECT_EQ(iam.url, "https://iam.internal:8443");
  EXPECT_EQ(iam.signing_region, "us-east-1");

  auto sts = resolve_ok("sts", "ap-northeast-1", overrides);
  EXPECT_EQ(sts.url, "http://127.0.0.1:4566");
  EXPECT_EQ(sts.signing_region, "ap-northeast-1");

  auto orgs = resolve_ok("organizations", "cn-north-1", overrides);
  EXPECT_EQ(orgs.url, "http://127.0.0.1:4566");
  EXPECT_EQ(orgs.signing_region, "cn-northwest-1");
  EXPECT_EQ(orgs.signing_name, "organizations");

  auto gov_iam = resolve_ok("iam", "us-gov-east-1", EndpointOverrides{.global_url = "http://127.0.0.1:4566"});
  EXPECT_EQ(gov_iam.url, "http://127.0.0.1:4566");
  EXPECT_EQ(gov_iam.signing_region, "us-gov-west-1");
}

TEST(ResolveEndpoint, AutoScalingOverrideIsTheCliServiceIdAutoScaling) {
  // Service id "Auto Scaling": AWS_ENDPOINT_URL_AUTO_SCALING.
  testing::FakeEnv env({{"AWS_ENDPOINT_URL_AUTO_SCALING", "http://127.0.0.1:7"}});
  auto overrides = EndpointOverrides::from_environment(env);
  auto endpoint = resolve_ok("autoscaling", "us-west-2", overrides);
  EXPECT_EQ(endpoint.url, "http://127.0.0.1:7");
  EXPECT_EQ(endpoint.signing_region, "us-west-2");
  EXPECT_EQ(endpoint.signing_name, "autoscaling");
  EXPECT_EQ(resolve_ok("ec2", "us-west-2", overrides).url, "https://ec2.us-west-2.amazonaws.com");
}

TEST(ResolveEndpoint, IdentityCenterPortalAndOidcHostsAndTheirOverrides) {
  EXPECT_EQ(resolve_ok("sso", "eu-west-1").url, "https://portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_ok("sso-oidc", "eu-west-1").url, "https://oidc.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_ok("sso-oidc", "cn-north-1").url, "https://oidc.cn-north-1.amazonaws.com.cn");

  // The CLI's variables: AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC (service ids "SSO", "SSO OIDC").
  testing::FakeEnv env(
      {{"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1"}, {"AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:2"}});
  auto overrides = EndpointOverrides::from_environment(env);
  EXPECT_EQ(resolve_ok("sso", "us-east-1", overrides).url, "http://127.0.0.1:1");
  EXPECT_EQ(resolve_ok("sso-oidc", "us-east-1", overrides).url, "http://127.0.0.1:2");
  EXPECT_EQ(resolve_ok("sso", "us-east-1", EndpointOverrides{.global_url = "http://127.0.0.1:3"}).url,
            "http://127.0.0.1:3");
}

TEST(ResolveEndpoint, OverrideUrlIsUsedAsIsApartFromTrailingSlashes) {
  EndpointOverrides overrides;
  overrides.global_url = "HTTP://Example.test:81/base/path/";
  EXPECT_EQ(resolve_ok("ec2", "us-east-1", overrides).url, "HTTP://Example.test:81/base/path");
  overrides.global_url = "https://h";
  EXPECT_EQ(resolve_ok("ec2", "us-east-1", overrides).url, "https://h");
}

TEST(ResolveEndpoint, EmptyServiceOverrideFallsBackToGlobal) {
  EndpointOverrides overrides;
  overrides.global_url = "http://g:1";
  overrides.per_service["ec2"] = "";
  EXPECT_EQ(resolve_ok("ec2", "us-east-1", overrides).url, "http://g:1");
}

TEST(ResolveEndpoint, RejectsUnknownServices) {
  for (const char* service : {"s4", "", "S3", "EC2", "ec2 ", "iam.amazonaws.com"}) {
    const auto endpoint = resolve_endpoint(service, "us-east-1", {});
    ASSERT_FALSE(endpoint.has_value()) << service;
    EXPECT_EQ(endpoint.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(endpoint.error().message.find("unknown service '" + std::string(service) + "'"), std::string::npos);
  }
}

TEST(ResolveEndpoint, RejectsMalformedRegions) {
  for (const char* region : {"us_east_1", "us-east-1.evil.com", "us-east-1/", "us east 1", "US-EAST-1", "-us-east-1",
                             "us-east-1-", "eu-west-1\n", "r\xC3\xA9gion", "a:1"}) {
    for (const char* service : {"ec2", "iam"}) {
      const auto endpoint = resolve_endpoint(service, region, {});
      ASSERT_FALSE(endpoint.has_value()) << service << " '" << region << "'";
      EXPECT_EQ(endpoint.error().kind, ErrorKind::kInvalidArgument);
      EXPECT_NE(endpoint.error().message.find("region '" + std::string(region) + "'"), std::string::npos);
    }
  }
  for (const char* service : {"ec2", "sts"}) {
    const auto endpoint = resolve_endpoint(service, "", {});
    ASSERT_FALSE(endpoint.has_value()) << service << " needs a region";
    EXPECT_NE(endpoint.error().message.find("region ''"), std::string::npos);
  }
  EXPECT_EQ(resolve_ok("ec2", std::string(64, 'a')).signing_region, std::string(64, 'a'));
  EXPECT_FALSE(resolve_endpoint("ec2", std::string(65, 'a'), {}).has_value());
}

TEST(ResolveEndpoint, RejectsOverridesThatAreNotHttpUrls) {
  for (const char* url : {"localhost:4566", "ftp://h", "http://", "https:///path", "//h:1"}) {
    const auto global = resolve_endpoint("ec2", "us-east-1", EndpointOverrides{.global_url = url});
    ASSERT_FALSE(global.has_value()) << url;
    EXPECT_EQ(global.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(global.error().message.find(url), std::string::npos);

    EndpointOverrides overrides;
    overrides.per_service["sts"] = url;
    const auto specific = resolve_endpoint("sts", "us-east-1", overrides);
    ASSERT_FALSE(specific.has_value()) << url;
    EXPECT_NE(specific.error().message.find("sts"), std::string::npos);
  }
}

// Endpoint variables in an injected environment: tests neither see nor leak the caller's settings.
class EndpointEnvironment : public ::testing::Test {
 protected:
  void set(const std::string& name, const std::string& value) { env_.set(name, value); }
  EndpointOverrides from_environment() const { return EndpointOverrides::from_environment(env_); }

 private:
  rolecall::testing::FakeEnv env_;
};

TEST_F(EndpointEnvironment, NothingSetMeansNoOverrides) {
  const auto overrides = from_environment();
  EXPECT_TRUE(overrides.global_url.empty());
  EXPECT_TRUE(overrides.per_service.empty());
  EXPECT_EQ(resolve_ok("ec2", "us-east-1", overrides).url, "https://ec2.us-east-1.amazonaws.com");
}

TEST_F(EndpointEnvironment, ReadsGlobalAndEveryServiceVariable) {
  set("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/");
  set("AWS_ENDPOINT_URL_EC2", "http://ec2.local:1/");
  set("AWS_ENDPOINT_URL_IAM", "http://iam.local:2");
  set("AWS_ENDPOINT_URL_STS", "http://sts.local:3");
  set("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://orgs.local:4");
  set("AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", "http://tagging.local:5");
  set("AWS_ENDPOINT_URLX", "http://ignored");

  const auto overrides = from_environment();
  EXPECT_EQ(overrides.global_url, "http://127.0.0.1:4566/");
  EXPECT_EQ(overrides.per_service.size(), 5u);
  EXPECT_EQ(overrides.per_service.at("resource groups tagging api"), "http://tagging.local:5");

  EXPECT_EQ(resolve_ok("ec2", "eu-west-1", overrides).url, "http://ec2.local:1");
  EXPECT_EQ(resolve_ok("iam", "eu-west-1", overrides).url, "http://iam.local:2");
  EXPECT_EQ(resolve_ok("sts", "eu-west-1", overrides).url, "http://sts.local:3");
  const auto orgs = resolve_ok("organizations", "eu-west-1", overrides);
  EXPECT_EQ(orgs.url, "http://orgs.local:4");
  EXPECT_EQ(orgs.signing_region, "us-east-1");
}

TEST_F(EndpointEnvironment, ServiceVariableBeatsGlobalOnlyForItsService) {
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_STS", "http://sts-only:2");
  const auto overrides = from_environment();
  EXPECT_EQ(resolve_ok("sts", "us-east-1", overrides).url, "http://sts-only:2");
  EXPECT_EQ(resolve_ok("ec2", "us-east-1", overrides).url, "http://global:1");
  EXPECT_EQ(resolve_ok("iam", "us-east-1", overrides).url, "http://global:1");
}

TEST_F(EndpointEnvironment, CommandLineEndpointBeatsEveryVariable) {
  // The AWS CLI's order: --endpoint-url, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL.
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_STS", "http://sts-only:2");
  auto overrides = from_environment();
  overrides.command_line_url = "http://127.0.0.1:3/";
  for (const char* service : {"sts", "ec2", "iam", "organizations", "sso"}) {
    EXPECT_EQ(resolve_ok(service, "us-east-1", overrides).url, "http://127.0.0.1:3") << service;
  }
  EXPECT_EQ(resolve_ok("iam", "us-east-1", overrides).signing_region, "us-east-1");
  overrides.command_line_url = "ftp://nowhere";
  auto bad = resolve_endpoint("ec2", "us-east-1", overrides);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("--endpoint-url"), std::string::npos) << bad.error().message;
}

TEST_F(EndpointEnvironment, EmptyValuesAreIgnored) {
  set("AWS_ENDPOINT_URL", "");
  set("AWS_ENDPOINT_URL_EC2", "");
  const auto overrides = from_environment();
  EXPECT_TRUE(overrides.global_url.empty());
  EXPECT_TRUE(overrides.per_service.empty());
}

TEST_F(EndpointEnvironment, IgnoreConfiguredEndpointUrls) {
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_EC2", "http://ec2:2");
  set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True");
  const auto ignored = from_environment();
  EXPECT_TRUE(ignored.global_url.empty());
  EXPECT_TRUE(ignored.per_service.empty());

  set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
  EXPECT_EQ(from_environment().global_url, "http://global:1");
}

}  // namespace
}  // namespace rolecall::aws
