#include "aws/endpoints.h"

#include <algorithm>
#include <string_view>

#include "base/ascii.h"

namespace rolecall::aws {
namespace {

constexpr std::string_view kGlobalVariable = "AWS_ENDPOINT_URL";
constexpr std::string_view kServicePrefix = "AWS_ENDPOINT_URL_";

// What differs between partitions.
struct Partition {
  std::string_view name;
  std::string_view dns_suffix;
  std::string_view iam_url;            // IAM's single global endpoint
  std::string_view iam_region;         // ... and the region it is signed for
  std::string_view organizations_url;  // Organizations' single global endpoint
  std::string_view organizations_region;
};

constexpr Partition kAws{"aws",
                         "amazonaws.com",
                         "https://iam.amazonaws.com",
                         "us-east-1",
                         "https://organizations.us-east-1.amazonaws.com",
                         "us-east-1"};
constexpr Partition kAwsCn{"aws-cn",
                           "amazonaws.com.cn",
                           "https://iam.cn-north-1.amazonaws.com.cn",
                           "cn-north-1",
                           "https://organizations.cn-northwest-1.amazonaws.com.cn",
                           "cn-northwest-1"};
constexpr Partition kAwsUsGov{"aws-us-gov",
                              "amazonaws.com",
                              "https://iam.us-gov.amazonaws.com",
                              "us-gov-west-1",
                              "https://organizations.us-gov-west-1.amazonaws.com",
                              "us-gov-west-1"};

const Partition& partition_for(std::string_view region) {
  if (region.starts_with("cn-")) return kAwsCn;
  if (region.starts_with("us-gov-")) return kAwsUsGov;
  return kAws;
}

// A service this tool calls: its endpoint prefix and its service id as the CLI spells it.
struct Service {
  std::string_view endpoint_id;   // "ec2"
  std::string_view override_key;  // lower-cased service id, the EndpointOverrides::per_service key
  bool global;
  std::string_view host;  // regional host prefix when it is not the endpoint id ("portal.sso")
};

constexpr Service kServices[] = {
    {"ec2", "ec2", false, {}},
    {"sts", "sts", false, {}},
    {"autoscaling", "auto scaling", false, {}},
    {"iam", "iam", true, {}},
    {"organizations", "organizations", true, {}},
    {"securityhub", "securityhub", false, {}},
    {"cloudtrail", "cloudtrail", false, {}},
    {"sqs", "sqs", false, {}},
    {"s3", "s3", false, {}},  // https://s3.<region>.amazonaws.com; buckets virtual-hosted (aws/aws_client.cpp)
    // IAM Identity Center: the portal (GetRoleCredentials) and OIDC (CreateToken), both unsigned.
    {"sso", "sso", false, "portal.sso"},
    {"sso-oidc", "sso oidc", false, "oidc"},
};

bool valid_region(std::string_view region) {
  if (region.empty() || region.size() > 64 || region.front() == '-' || region.back() == '-') return false;
  return std::all_of(region.begin(), region.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// An override must be an absolute http(s) URL; it is then used as written, minus trailing '/'.
Result<std::string> checked_override(std::string_view url, std::string_view what) {
  const auto lower = base::to_lower(url);
  const std::size_t scheme = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (scheme == 0 || url.size() == scheme || url[scheme] == '/') {
    return fail(ErrorKind::kInvalidArgument,
                std::string(what) + " '" + std::string(url) + "' is not an http:// or https:// URL with a host");
  }
  while (url.size() > scheme + 1 && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

}  // namespace

EndpointOverrides EndpointOverrides::from_environment(const base::Env& env) {
  EndpointOverrides overrides;
  // The CLI's switch for ignoring configured endpoints; --endpoint-url (not read here) still applies.
  if (env.is_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return overrides;
  for (const auto& [name, value] : env.variables_with_prefix(kGlobalVariable)) {
    if (name == kGlobalVariable) {
      overrides.global_url = value;
    } else if (name.starts_with(kServicePrefix) && name.size() > kServicePrefix.size()) {
      // AWS_ENDPOINT_URL_<SERVICE ID upper-cased, spaces as underscores>.
      std::string key = base::to_lower(name.substr(kServicePrefix.size()));
      std::replace(key.begin(), key.end(), '_', ' ');
      overrides.per_service[key] = value;
    }
  }
  return overrides;
}

std::string partition_of(const std::string& region) { return std::string(partition_for(region).name); }

Result<Endpoint> resolve_endpoint(const std::string& service, const std::string& region,
                                  const EndpointOverrides& overrides) {
  const auto* known = std::find_if(std::begin(kServices), std::end(kServices),
                                   [&](const Service& s) { return s.endpoint_id == service; });
  if (known == std::end(kServices)) {
    return fail(ErrorKind::kInvalidArgument,
                "unknown service '" + service +
                    "' (expected ec2, autoscaling, iam, sts, organizations, securityhub, cloudtrail, sqs, s3, sso or "
                    "sso-oidc)");
  }
  // Global services need a region only to pick the partition; none given means the aws partition.
  if (known->global && region.empty()) return resolve_endpoint(service, "us-east-1", overrides);
  if (!valid_region(region)) {
    return fail(
        ErrorKind::kInvalidArgument,
        "region '" + region + "' is not a valid region name (lower-case letters, digits and dashes, e.g. us-east-1)");
  }
  const Partition& partition = partition_for(region);
  Endpoint endpoint;
  endpoint.signing_name = std::string(known->endpoint_id);
  if (known->global) {
    const bool iam = known->endpoint_id == "iam";
    endpoint.url = std::string(iam ? partition.iam_url : partition.organizations_url);
    endpoint.signing_region = std::string(iam ? partition.iam_region : partition.organizations_region);
  } else {
    std::string host = known->host.empty() ? service : std::string(known->host);
    endpoint.url = "https://" + host + "." + region + "." + std::string(partition.dns_suffix);
    endpoint.signing_region = region;
  }

  // --endpoint-url beats a service-specific override, which beats the global one (the AWS CLI's
  // order); each keeps the resolved signing region.
  const auto specific = overrides.per_service.find(std::string(known->override_key));
  if (!overrides.command_line_url.empty()) {
    auto url = checked_override(overrides.command_line_url, "--endpoint-url");
    if (!url) return std::unexpected(url.error());
    endpoint.url = std::move(*url);
    endpoint.overridden = true;
  } else if (specific != overrides.per_service.end() && !specific->second.empty()) {
    auto url = checked_override(specific->second, "endpoint override for " + service);
    if (!url) return std::unexpected(url.error());
    endpoint.url = std::move(*url);
    endpoint.overridden = true;
  } else if (!overrides.global_url.empty()) {
    auto url = checked_override(overrides.global_url, "endpoint URL");
    if (!url) return std::unexpected(url.error());
    endpoint.url = std::move(*url);
    endpoint.overridden = true;
  }
  return endpoint;
}

}  // namespace rolecall::aws
