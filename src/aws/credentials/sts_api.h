#pragma once
// The STS calls credential providers need, behind an interface so providers are testable alone.

#include <functional>
#include <optional>
#include <string>

#include "aws/credentials/credentials.h"

namespace rolecall::aws {

// Parameters of sts:AssumeRole.
struct AssumeRoleParams {
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;  // empty: not sent
  std::optional<int> duration_seconds;
  std::string region;         // STS region (regional endpoint); empty: us-east-1
  std::string serial_number;  // MFA device (mfa_serial); empty: not sent
  std::string token_code;     // the MFA code for serial_number; never logged
};

// Asks for the current code of MFA device `serial` (a terminal prompt, --mfa-code, a test's fake);
// fails with kCredentials when there is no one to ask.
using MfaCodeSource = std::function<Result<std::string>(const std::string& serial)>;

// Parameters of sts:AssumeRoleWithWebIdentity (unsigned call).
struct AssumeRoleWithWebIdentityParams {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // never logged
  std::optional<int> duration_seconds;
  std::string region;
};

// Blocking STS access for credential providers.
class StsApi {
 public:
  virtual ~StsApi() = default;
  // Assumes a role with `source` credentials; the result carries its expiration.
  virtual Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& params) = 0;
  // Exchanges a web identity token for role credentials.
  virtual Result<Credentials> assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) = 0;
};

}  // namespace rolecall::aws
