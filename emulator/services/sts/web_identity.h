#pragma once
// AssumeRoleWithWebIdentity's token checks: a well-formed JWT, not expired, from an issuer the
// role's trust policy trusts (Federated oidc-provider/HOST), with an audience (and subject) its
// HOST:aud / HOST:sub conditions accept. The signature is not checked: the emulator has no JWKS.

#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/services/service.h"

namespace rolecall::emulator::sts {

// The claims AssumeRoleWithWebIdentity reports back.
struct WebIdentity {
  std::string subject;   // sub
  std::string audience;  // aud (the first, when a list)
  std::string issuer;    // iss
};

// Checks `token` for a role of account `account_id` with `trust_policy` at `now`. Errors as STS
// answers them: InvalidIdentityToken (malformed, untrusted issuer, wrong audience),
// ExpiredTokenException, AccessDenied (the trust policy does not allow the call).
std::expected<WebIdentity, ApiError> check_web_identity_token(const std::string& token,
                                                              const nlohmann::json& trust_policy,
                                                              std::string_view account_id, TimePoint now);

}  // namespace rolecall::emulator::sts
