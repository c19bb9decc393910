// Credentials from environment variables.
#include "aws/credentials/environment_provider.h"

#include "aws/credentials/provider_error.h"
#include "aws/credentials/timestamp.h"

namespace rolecall::aws {

Result<Credentials> EnvironmentProvider::resolve() {
  auto key_id = env_.get("AWS_ACCESS_KEY_ID");
  auto secret = env_.get("AWS_SECRET_ACCESS_KEY");
  if (!key_id && !secret) return not_configured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  if (!key_id) return fail(ErrorKind::kCredentials, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  if (!secret) return fail(ErrorKind::kCredentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  Credentials creds;
  creds.access_key_id = *key_id;
  creds.secret_access_key = *secret;
  creds.session_token = env_.get("AWS_SESSION_TOKEN").value_or("");
  if (auto expiration = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
    auto when = parse_iso8601(*expiration, "AWS_CREDENTIAL_EXPIRATION");
    if (!when) return fail(when.error());
    creds.expiration = *when;
  }
  creds.provider = "environment";
  return creds;
}

}  // namespace rolecall::aws
