#pragma once
// Credentials and the provider interface every source of them implements.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "rolecall/error.h"

namespace rolecall::aws {

// A set of AWS credentials. The secret and the token never reach a log or the terminal.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                        // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // empty: does not expire
  std::string provider;  // which provider produced them, e.g. "environment", "shared-config (profile dev)"

  // "AKIA…MPLE": the key id as base::redact_key_id() shows it, safe to print.
  std::string redacted_key_id() const;
  // True for STS session keys (`ASIA…`): decided by the key id, not by a session token being set,
  // since a long-term key with a stray token is still long-term (and AWS refuses the pair).
  bool temporary() const;
};

// One source of credentials (environment, config file, IMDS, ...). Implementations may block.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Current credentials, refreshed when they expire within the provider's refresh window.
  // Fails with kCredentials explaining why this source has none.
  virtual Result<Credentials> resolve() = 0;
  // Short name for messages and `rolecall whoami`, e.g. "environment".
  virtual std::string name() const = 0;
};

}  // namespace rolecall::aws
