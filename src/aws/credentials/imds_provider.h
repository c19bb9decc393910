#pragma once
// EC2 instance role credentials from the instance metadata service (IMDSv2 first).

#include "aws/credentials/credentials.h"
#include "aws/http/transport.h"
#include "base/env.h"

namespace rolecall::aws {

// PUT /latest/api/token, then GET /latest/meta-data/iam/security-credentials/ and
// .../security-credentials/<role> with X-aws-ec2-metadata-token. Falls back to IMDSv1 when the
// token call answers 403/404/405, unless AWS_EC2_METADATA_V1_DISABLED=true. Endpoint
// http://169.254.169.254, AWS_EC2_METADATA_SERVICE_ENDPOINT, or [fd00:ec2::254] with
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6. Not configured when AWS_EC2_METADATA_DISABLED=true,
// when the service is unreachable, or when the instance has no role.
class ImdsProvider final : public CredentialsProvider {
 public:
  // `http` should use kMetadataTimeout (metadata_http.h); `env` and `http` must outlive the provider.
  ImdsProvider(const base::Env& env, BlockingHttpClient& http) : env_(env), http_(http) {}
  Result<Credentials> resolve() override;
  std::string name() const override { return "ec2-instance-metadata"; }

 private:
  const base::Env& env_;
  BlockingHttpClient& http_;
};

}  // namespace rolecall::aws
