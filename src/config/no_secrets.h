#pragma once
// Error messages about a configuration file quote what it holds; a credential pasted into the file
// must not come back out: key ids are shown redacted, secret keys and session tokens not at all.

#include <string>
#include <string_view>

namespace rolecall::config {

// `text` with every access key id redacted (base::redact_key_id) and every run that could be a
// secret access key or a session token (40 or more base64 characters, mixed case) replaced by
// "(secret not shown)".
std::string without_secrets(std::string_view text);

}  // namespace rolecall::config
