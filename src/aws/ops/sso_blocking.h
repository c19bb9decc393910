#pragma once
// SsoApi over a BlockingHttpClient: IAM Identity Center's REST-JSON calls, unsigned, to the
// regional portal (portal.sso.<region>) and OIDC (oidc.<region>) endpoints or their overrides
// (AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, --endpoint-url).

#include "aws/credentials/sso_api.h"
#include "aws/endpoints.h"
#include "aws/http/transport.h"

namespace rolecall::aws {

// Blocking SSO: one retry on a transport error or a 5xx answer. Errors name the operation and
// carry the service's error code; they never quote a token or a secret.
class BlockingSsoApi final : public SsoApi {
 public:
  // `http` must outlive this object.
  BlockingSsoApi(BlockingHttpClient& http, EndpointOverrides overrides);

  // POST /token {"grantType":"refresh_token", ...}.
  Result<SsoTokenGrant> create_token(const std::string& region, const std::string& client_id,
                                     const std::string& client_secret, const std::string& refresh_token) override;
  // GET /federation/credentials?account_id=..&role_name=.. with x-amz-sso_bearer_token.
  Result<Credentials> get_role_credentials(const std::string& region, const std::string& access_token,
                                           const std::string& account_id, const std::string& role_name) override;

 private:
  BlockingHttpClient& http_;
  EndpointOverrides overrides_;
};

}  // namespace rolecall::aws
