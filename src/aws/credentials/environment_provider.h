#pragma once
// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

#include "aws/credentials/credentials.h"
#include "base/env.h"

namespace rolecall::aws {

// Reads the AWS_* key variables (and optional AWS_CREDENTIAL_EXPIRATION). Not configured when
// neither key variable is set; a half-set pair is an error.
class EnvironmentProvider final : public CredentialsProvider {
 public:
  // `env` must outlive the provider.
  explicit EnvironmentProvider(const base::Env& env) : env_(env) {}
  Result<Credentials> resolve() override;
  std::string name() const override { return "environment"; }

 private:
  const base::Env& env_;
};

}  // namespace rolecall::aws
