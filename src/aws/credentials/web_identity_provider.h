#pragma once
// sts:AssumeRoleWithWebIdentity with a token file (EKS IRSA, GitHub OIDC, ...).

#include <optional>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "aws/event_loop.h"
#include "base/env.h"

namespace rolecall::aws {

// Where the token is and which role it is exchanged for.
struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::string role_session_name;  // empty: "rolecall-<unix time>"
  std::optional<int> duration_seconds;
  std::string region;  // STS region; empty: us-east-1
  std::string label;   // names the source in Credentials::provider, e.g. "environment"
};

// Reads the token file on every resolve (tokens rotate) and calls STS.
class WebIdentityProvider final : public CredentialsProvider {
 public:
  // `sts` and `env` (the token file, the clock for session names) must outlive the provider.
  WebIdentityProvider(WebIdentityConfig config, StsApi& sts, const base::Env& env);
  // From AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME; not configured
  // when AWS_WEB_IDENTITY_TOKEN_FILE is unset.
  static WebIdentityProvider from_environment(const base::Env& env, std::string region, StsApi& sts);
  Result<Credentials> resolve() override;
  std::string name() const override { return "web-identity"; }

 private:
  WebIdentityProvider(std::optional<WebIdentityConfig> config, std::string unconfigured_reason, StsApi& sts,
                      const base::Env& env);
  std::optional<WebIdentityConfig> config_;
  std::string unconfigured_reason_;  // why config_ is empty
  StsApi& sts_;
  const base::Env& env_;
};

// "rolecall-<unix seconds>", the session name used when none is configured.
std::string default_session_name(const base::Clock& clock);

}  // namespace rolecall::aws
