#pragma once
// The AWS runtime one command builds from its global options: event loop + transport, the
// credential chain, region, endpoint overrides, STS for role assumption, and clients.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/aws_client.h"
#include "aws/credentials/credentials.h"
#include "aws/credentials/sso_api.h"
#include "aws/credentials/sts_api.h"
#include "aws/http/curl_blocking_client.h"
#include "aws/http/curl_loop.h"
#include "aws/rate_limiter.h"
#include "aws/region.h"
#include "aws/wire_log.h"
#include "base/env.h"

namespace rolecall::aws {

// The AWS CLI-style global options a command was given.
struct SessionOptions {
  std::optional<std::string> profile;                // --profile
  std::optional<std::string> region;                 // --region
  std::string endpoint_url;                          // --endpoint-url (beats AWS_ENDPOINT_URL)
  std::string ca_bundle;                             // --ca-bundle (beats AWS_CA_BUNDLE)
  std::function<void(std::string_view)> debug_sink;  // --debug: wire log destination; empty: off
  long max_per_host = 64;                            // requests in flight per endpoint
  base::Env* env = &base::Env::system();             // variables, shared files, clock; must outlive the session
  MfaCodeSource mfa_code = {};                       // MFA codes for mfa_serial role profiles; empty: none
};

// Owns everything a command needs to talk to AWS. Not thread-safe: use from the loop thread.
class Session {
 public:
  // Builds the runtime; fails with kInvalidArgument for bad settings (e.g. AWS_MAX_ATTEMPTS).
  static Result<std::unique_ptr<Session>> create(SessionOptions options);

  EventLoop& loop() { return *loop_; }
  HttpTransport& transport() { return *loop_; }
  const base::Clock& clock() const { return options_.env->clock(); }
  // The environment the session reads its settings and files from.
  base::Env& env() const { return *options_.env; }
  StsApi& sts() { return *sts_; }
  // The session region and where it came from; "us-east-1" ("default") when nothing sets one.
  const ResolvedRegion& region() const { return region_; }
  const EndpointOverrides& endpoints() const { return endpoints_; }
  const SessionOptions& options() const { return options_; }

  // The default credential chain, for `profile` when given, else --profile / AWS_PROFILE / default.
  std::shared_ptr<CredentialsProvider> credentials(const std::optional<std::string>& profile = std::nullopt);
  // Credentials for `params.role_arn` assumed with `source` (cached until near expiry).
  std::shared_ptr<CredentialsProvider> assume_role(std::shared_ptr<CredentialsProvider> source, AssumeRoleParams params,
                                                   std::string label);
  // A client for `provider`; `account_label` keys its rate limiter buckets.
  std::unique_ptr<AwsClient> client(std::shared_ptr<CredentialsProvider> provider, std::string account_label);

 private:
  explicit Session(SessionOptions options);

  SessionOptions options_;
  std::unique_ptr<CurlLoop> loop_;
  std::unique_ptr<CurlBlockingClient> blocking_;
  std::unique_ptr<CurlBlockingClient> metadata_;  // short timeouts: off EC2, IMDS must fail fast
  std::unique_ptr<StsApi> sts_;
  std::unique_ptr<SsoApi> sso_;  // IAM Identity Center profiles
  std::unique_ptr<RateLimiterRegistry> limiter_;
  std::unique_ptr<WireLog> wire_log_;
  EndpointOverrides endpoints_;
  ResolvedRegion region_;
  RetryOptions retry_;
};

}  // namespace rolecall::aws
