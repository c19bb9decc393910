#pragma once
// IAM Identity Center (SSO) profiles: the access token `aws sso login` cached, refreshed with its
// refresh token when near expiry, exchanged for role credentials (GetRoleCredentials), which are
// cached in ~/.aws/cli/cache as the AWS CLI does.

#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sso_api.h"
#include "base/env.h"

namespace rolecall::aws {

// Error::code of an SSO session that needs `aws sso login` (no token, expired, not accepted).
inline constexpr const char* kSsoLoginRequired = "SsoLoginRequired";

// One SSO profile, as resolved from the shared config.
struct SsoConfig {
  std::string profile;       // for messages: "run `aws sso login --profile <profile>`"
  std::string session_name;  // sso_session; empty for the legacy form (sso_start_url on the profile)
  std::string start_url;
  std::string region;  // sso_region: where the portal and OIDC endpoints are
  std::string account_id;
  std::string role_name;
};

// Resolves role credentials for one SSO profile on each call: from ~/.aws/cli/cache when valid
// for more than 15 minutes, else with the cached token (refreshed and written back when it
// expires within 15 minutes and can be refreshed). A missing or expired session fails with
// kCredentials, code kSsoLoginRequired, saying which `aws sso login` to run.
class SsoProvider final : public CredentialsProvider {
 public:
  // `api` and `env` (files and clock) must outlive the provider.
  SsoProvider(SsoConfig config, SsoApi& api, base::Env& env);
  Result<Credentials> resolve() override;
  std::string name() const override { return "sso"; }

 private:
  // The access token, refreshed when due; fails with kSsoLoginRequired when there is none usable.
  Result<std::string> access_token();
  // kCredentials/kSsoLoginRequired: "<why>: run `aws sso login --profile P`".
  Error login_required(const std::string& why) const;

  SsoConfig config_;
  SsoApi& api_;
  base::Env& env_;
};

}  // namespace rolecall::aws
