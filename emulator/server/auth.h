#pragma once
// Who is calling: SigV4 verification against estate access keys and issued sessions, clock skew,
// region opt-in; the caller's identity policies for authorization.

#include <expected>
#include <string>

#include "aws/http/transport.h"
#include "aws/sigv4.h"
#include "emulator/services/service.h"

namespace rolecall::emulator {

// Verifies `request` (signed as `auth` says) for `service` in `region`. Requires Core::mutex held
// (shared is enough). `security_token` is X-Amz-Security-Token (header or query). Errors are the ones the real service
// sends.
std::expected<Caller, ApiError> authenticate(const Core& core, const aws::HttpRequest& request,
                                             const aws::sigv4::ParsedAuthorization& auth, Service service,
                                             const std::string& region, const std::string& security_token,
                                             TimePoint now);

// The error for a request without any signature.
ApiError missing_authentication(Service service);

// The caller identity of a role session (also used for AssumeRoleWithWebIdentity callers).
Caller role_caller(const Estate& estate, std::size_t account, const RoleDef& role, const std::string& session_name);

}  // namespace rolecall::emulator
