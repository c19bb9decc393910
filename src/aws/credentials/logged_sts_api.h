#pragma once
// --debug for role assumption: each STS exchange a credential provider makes (blocking, outside the
// wire log) as one line naming the role, the session, the key id it gave (redacted) and its expiry.

#include <functional>
#include <memory>
#include <string_view>

#include "aws/credentials/sts_api.h"

namespace rolecall::aws {

// An StsApi that forwards to `inner` and writes one line per call to `sink`. Never logs a secret
// key, session token, web identity token or MFA code; key ids only as base::redact_key_id shows them.
class LoggedStsApi final : public StsApi {
 public:
  LoggedStsApi(std::unique_ptr<StsApi> inner, std::function<void(std::string_view)> sink)
      : inner_(std::move(inner)), sink_(std::move(sink)) {}

  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& params) override;
  Result<Credentials> assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) override;

 private:
  std::unique_ptr<StsApi> inner_;
  std::function<void(std::string_view)> sink_;
};

}  // namespace rolecall::aws
