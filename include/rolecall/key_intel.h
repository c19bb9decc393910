#pragma once
// Key intelligence: what the caller's own credentials tell about an access key id found at rest
// (user data, launch templates, files). Only the key id is ever looked up; a found secret is never
// sent anywhere or used to sign anything (docs/secrets.md).

#include <optional>
#include <string>

#include "rolecall/error.h"

namespace rolecall {

// Where a found key stands.
enum class KeyState {
  kUnknown,   // a lookup failed (KeyIntel::error says which)
  kActive,    // a user in scope holds it, Active
  kInactive,  // a user in scope holds it, Inactive
  kDeleted,   // its account is in scope but no user holds it any more
  kForeign,   // it belongs to another account, not in scope
};

// "unknown", "Active", "Inactive", "deleted", "another account, not in scope".
const char* to_string(KeyState state);

// The intelligence on one key id. Never holds a secret.
struct KeyIntel {
  KeyState state = KeyState::kUnknown;
  std::string owner_account;   // sts:GetAccessKeyInfo; empty when that lookup failed
  bool in_scope = false;       // owner_account is one of the scanned accounts
  std::string user;            // iam:GetAccessKeyLastUsed UserName (Active/Inactive only)
  std::string created;         // iam:ListAccessKeys CreateDate (ISO 8601), "" when unknown
  std::string last_used;       // LastUsedDate (ISO 8601); "" when never used or unknown
  std::string service;         // ServiceName of the last use ("N/A" when never used)
  std::string region;          // Region of the last use ("N/A" when never used)
  std::optional<Error> error;  // the failed lookup when state is kUnknown (or a partial failure)
};

}  // namespace rolecall
