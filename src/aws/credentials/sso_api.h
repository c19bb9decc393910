#pragma once
// The IAM Identity Center calls the SSO provider needs, behind an interface (as StsApi) so the
// provider is testable alone: sso-oidc CreateToken (refresh grant) and sso GetRoleCredentials.

#include <chrono>
#include <string>

#include "aws/credentials/credentials.h"

namespace rolecall::aws {

// What CreateToken hands back; the tokens are secrets.
struct SsoTokenGrant {
  std::string access_token;
  std::string refresh_token;  // empty: keep the old one
  std::chrono::seconds expires_in{0};
};

// Error::code of a GetRoleCredentials refused for a missing, expired or revoked access token.
inline constexpr const char* kSsoUnauthorized = "UnauthorizedException";

// Blocking IAM Identity Center access; both calls are unsigned.
class SsoApi {
 public:
  virtual ~SsoApi() = default;
  // sso-oidc CreateToken with grant_type refresh_token, in `region`.
  virtual Result<SsoTokenGrant> create_token(const std::string& region, const std::string& client_id,
                                             const std::string& client_secret, const std::string& refresh_token) = 0;
  // sso GetRoleCredentials in `region`: kCredentials with code kSsoUnauthorized when the access
  // token is not accepted; the result carries its expiration.
  virtual Result<Credentials> get_role_credentials(const std::string& region, const std::string& access_token,
                                                   const std::string& account_id, const std::string& role_name) = 0;
};

}  // namespace rolecall::aws
