// IMDS: token, role name, role credentials.
#include "aws/credentials/imds_provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "aws/credentials/credentials_json.h"
#include "aws/credentials/metadata_http.h"
#include "aws/credentials/provider_error.h"
#include "base/ascii.h"

namespace rolecall::aws {

namespace {

constexpr const char* kDefaultEndpoint = "http://169.254.169.254";
constexpr const char* kIpv6Endpoint = "http://[fd00:ec2::254]";
constexpr const char* kTokenTtlSeconds = "21600";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

}  // namespace

Result<Credentials> ImdsProvider::resolve() {
  if (env_.is_true("AWS_EC2_METADATA_DISABLED")) return not_configured("disabled by AWS_EC2_METADATA_DISABLED");
  std::string endpoint = kDefaultEndpoint;
  if (auto configured = env_.get("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    endpoint = *configured;
  } else if (auto mode = env_.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) {
    const std::string m = base::to_lower(*mode);
    if (m == "ipv6") {
      endpoint = kIpv6Endpoint;
    } else if (m != "ipv4") {
      return fail(ErrorKind::kInvalidArgument, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6");
    }
  }
  while (endpoint.ends_with("/")) endpoint.pop_back();
  std::string shown = url_for_messages(endpoint);

  // IMDSv2 session token.
  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = endpoint + "/latest/api/token";
  token_request.set_header("X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds);
  auto token_response = fetch_with_retry(http_, token_request);
  if (!token_response) {
    return not_configured(
        fmt::format("no instance metadata service at {} ({})", shown, token_response.error().message));
  }
  std::string token;
  int status = token_response->status;
  if (status == 200) {
    token = token_response->body;
  } else if (status == 403 || status == 404 || status == 405) {
    if (env_.is_true("AWS_EC2_METADATA_V1_DISABLED")) {
      return fail(ErrorKind::kCredentials, fmt::format("instance metadata at {} refused an IMDSv2 token (HTTP {}) and "
                                                       "AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1",
                                                       shown, status));
    }
  } else {
    return not_configured(
        fmt::format("instance metadata at {} answered the token request with HTTP {}", shown, status));
  }

  HttpRequest role_request;
  role_request.method = "GET";
  role_request.url = endpoint + kCredentialsPath;
  if (!token.empty()) role_request.set_header("X-aws-ec2-metadata-token", token);
  auto role_response = fetch_with_retry(http_, role_request);
  if (!role_response) {
    return not_configured(fmt::format("instance metadata at {}: {}", shown, role_response.error().message));
  }
  if (role_response->status == 404) return not_configured("the EC2 instance has no IAM role (instance profile)");
  if (role_response->status != 200) {
    return fail(ErrorKind::kCredentials, fmt::format("instance metadata at {}: listing the role answered HTTP {}",
                                                     shown, role_response->status));
  }
  std::string role = role_response->body.substr(0, role_response->body.find_first_of("\r\n"));
  while (!role.empty() && role.back() == ' ') role.pop_back();
  if (role.empty()) return not_configured("the EC2 instance has no IAM role (instance profile)");

  HttpRequest creds_request = role_request;
  creds_request.url = endpoint + kCredentialsPath + role;
  auto creds_response = fetch_with_retry(http_, creds_request);
  if (!creds_response) {
    return fail(as_failure(creds_response.error()).with_context(fmt::format("instance role {} credentials", role)));
  }
  if (creds_response->status == 404) {
    return not_configured(fmt::format("instance role {} has no credentials in instance metadata (HTTP 404)", role));
  }
  if (creds_response->status != 200) {
    return fail(Error::credentials(fmt::format("instance role {} credentials: HTTP {}", role, creds_response->status))
                    .with_http_status(creds_response->status));
  }
  auto creds = parse_credentials_json(creds_response->body, CredentialsDocument::kInstance,
                                      fmt::format("instance role {} credentials", role));
  if (!creds) return fail(creds.error());
  creds->provider = fmt::format("ec2-instance-metadata (role {})", role);
  return creds;
}

}  // namespace rolecall::aws
