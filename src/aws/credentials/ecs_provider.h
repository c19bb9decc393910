#pragma once
// ECS task roles and EKS Pod Identity: the container credentials endpoint.

#include "aws/credentials/credentials.h"
#include "aws/http/transport.h"
#include "base/env.h"

namespace rolecall::aws {

// GETs AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on http://169.254.170.2) or
// AWS_CONTAINER_CREDENTIALS_FULL_URI (plain http only to loopback or the ECS/EKS hosts),
// sending AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE's content (preferred) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN as Authorization. Not configured when neither URI is set.
class EcsProvider final : public CredentialsProvider {
 public:
  // `http` should use kMetadataTimeout (metadata_http.h); `env` and `http` must outlive the provider.
  EcsProvider(const base::Env& env, BlockingHttpClient& http) : env_(env), http_(http) {}
  Result<Credentials> resolve() override;
  std::string name() const override { return "container"; }

 private:
  const base::Env& env_;
  BlockingHttpClient& http_;
};

// True when plain-http `host` is allowed for FULL_URI: loopback, 169.254.170.2, 169.254.170.23,
// fd00:ec2::23 (brackets optional).
bool is_allowed_container_host(std::string_view host);

}  // namespace rolecall::aws
