#pragma once
// How a provider says "I am not configured here" (the chain moves on) as opposed to "I am
// configured but failed" (the chain stops, as the AWS CLI does).

#include <string>

#include "rolecall/error.h"

namespace rolecall::aws {

// Error::code marking a provider that has nothing configured.
inline constexpr const char* kCredentialsNotConfigured = "CredentialsNotConfigured";

// A kCredentials error saying this source is simply not set up.
inline std::unexpected<Error> not_configured(std::string message) {
  return std::unexpected(Error::credentials(std::move(message)).with_code(kCredentialsNotConfigured));
}

// True when `error` came from not_configured().
inline bool is_not_configured(const Error& error) {
  return error.kind == ErrorKind::kCredentials && error.code == kCredentialsNotConfigured;
}

// Turns a "not configured" error into a hard failure (e.g. a source_profile that has nothing).
inline Error as_failure(Error error) {
  if (is_not_configured(error)) error.code.clear();
  return error;
}

}  // namespace rolecall::aws
