#pragma once
// Regions, partitions and endpoint resolution, including the AWS CLI's endpoint overrides.

#include <map>
#include <optional>
#include <string>

#include "base/env.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// A resolved endpoint: where to send the request and what to sign it for.
struct Endpoint {
  std::string url;             // scheme://host[:port] with no trailing slash
  std::string signing_region;  // e.g. "us-east-1" for IAM in the aws partition
  std::string signing_name;    // credential-scope service, e.g. "ec2", "iam", "organizations"
  bool overridden = false;     // the URL is an endpoint override (S3 then addresses buckets path-style)
};

// Endpoint overrides as the AWS CLI reads them, in its order of precedence: --endpoint-url, then
// AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (or the profile's endpoint_url).
struct EndpointOverrides {
  std::string command_line_url = {};                    // --endpoint-url: beats every configured endpoint
  std::string global_url = {};                          // AWS_ENDPOINT_URL, else the profile's endpoint_url
  std::map<std::string, std::string> per_service = {};  // AWS_ENDPOINT_URL_<SERVICE>, by lower-case service id

  // Reads AWS_ENDPOINT_URL and every AWS_ENDPOINT_URL_<SERVICE> from `env`.
  static EndpointOverrides from_environment(const base::Env& env);
};

// The partition a region belongs to: "aws", "aws-cn" or "aws-us-gov".
std::string partition_of(const std::string& region);

// Resolves `service` ("ec2", "iam", "sts", "organizations", "securityhub", "cloudtrail", "sqs", "s3", "sso",
// "sso-oidc") in `region`, honouring overrides; global services (IAM, Organizations) resolve to their partition's
// global endpoint and signing region; for them an empty region means the aws partition. Fails with kInvalidArgument for
// an unknown service or a malformed region.
Result<Endpoint> resolve_endpoint(const std::string& service, const std::string& region,
                                  const EndpointOverrides& overrides);

}  // namespace rolecall::aws
