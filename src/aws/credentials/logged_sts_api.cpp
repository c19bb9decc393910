#include "aws/credentials/logged_sts_api.h"

#include <fmt/format.h>

#include "aws/wire_log.h"
#include "base/iso8601.h"

namespace rolecall::aws {
namespace {

// "role R session S: access key AKIA…MPLE, expires T" or "role R session S failed: why".
std::string outcome_text(std::string_view call, std::string_view role_arn, std::string_view session,
                         const Result<Credentials>& creds) {
  if (!creds) {
    // An error message may quote the request or answer: the wire log's rules redact what it carries.
    return fmt::format("{} role {} session {} failed: {}", call, role_arn, session,
                       redact_body(creds.error().describe()));
  }
  const std::string expires = creds->expiration ? base::format_iso8601(*creds->expiration) : "never";
  return fmt::format("{} role {} session {}: access key {}, expires {}", call, role_arn, session,
                     creds->redacted_key_id(), expires);
}

}  // namespace

Result<Credentials> LoggedStsApi::assume_role(const Credentials& source, const AssumeRoleParams& params) {
  auto creds = inner_->assume_role(source, params);
  if (sink_) {
    std::string line = outcome_text("sts:AssumeRole", params.role_arn, params.role_session_name, creds);
    if (!params.serial_number.empty()) line += fmt::format(" (MFA device {})", params.serial_number);
    sink_(line);
  }
  return creds;
}

Result<Credentials> LoggedStsApi::assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) {
  auto creds = inner_->assume_role_with_web_identity(params);
  if (sink_) sink_(outcome_text("sts:AssumeRoleWithWebIdentity", params.role_arn, params.role_session_name, creds));
  return creds;
}

}  // namespace rolecall::aws
