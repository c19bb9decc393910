// The only part of a credential that may be shown: its key id, redacted.
#include "aws/credentials/credentials.h"

#include "base/redact.h"

namespace rolecall::aws {

std::string Credentials::redacted_key_id() const { return base::redact_key_id(access_key_id); }

bool Credentials::temporary() const { return access_key_id.starts_with("ASIA"); }

}  // namespace rolecall::aws
