#pragma once
// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

#include "aws/credentials/credentials.h"
#include "aws/credentials/environment.h"

namespace rolecall::aws {

// Reads the AWS_* key variables (and optional AWS_CREDENTIAL_EXPIRATION). Not configured when
// neither key variable is set; a half-set pair is an error.
class EnvironmentProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentProvider(Environment env) : env_(std::move(env)) {}
  Result<Credentials> resolve() override;
  std::string name() const override { return "environment"; }

 private:
  Environment env_;
};

}  // namespace rolecall::aws
