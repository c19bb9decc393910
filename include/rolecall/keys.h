#pragma once
// `rolecall keys`: key intelligence on access key ids the user names (found by hand, in a ticket,
// in another tool's report): owner account, user, status, creation and last use, looked up with
// the caller's own credentials. Only key ids are sent; no secret is ever asked for or used.

#include <string>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/key_intel.h"
#include "rolecall/scope.h"

namespace rolecall {

namespace aws {
class Session;
}  // namespace aws

// What to look up, and which accounts count as "in scope" (the same options as scan's).
struct KeyLookupOptions {
  ScopeOptions scope;
  std::vector<std::string> key_ids;  // long-term key ids, AKIA + 16 characters of [A-Z2-7]
  // `rolecall scan-files --output json` reports: their key ids are redacted, so each is recognised
  // by its SHA-256 among the keys the in-scope accounts' users hold (iam:ListUsers, ListAccessKeys).
  std::vector<std::string> key_reports;
};

// One looked-up key.
struct KeyLookup {
  std::string key_id_redacted;  // the one form a key id is shown in
  KeyIntel intel;
  std::vector<std::string> found_at;  // where a --key-report found it ("path:line"); empty for --key-id
};

// The answers, in the order the ids were given (duplicates once), and the scope's errors
// (unreachable accounts, failed lookups).
struct KeyLookupResult {
  std::vector<KeyLookup> keys;
  std::vector<ScopeError> errors;
};

// Looks up every key id of `options`, then every key of its reports. Fails with kInvalidArgument
// (naming the redacted input, or the report file) for anything but a long-term key id or a readable
// scan-files JSON report, and with kCredentials when no credentials work at all; a failed lookup
// is a key of state kUnknown with its error, and an entry of `errors`. A reported key no in-scope
// user holds is kUnknown with a kNotFound error: deleted, or another account's (its full id is not
// in the report, so sts:GetAccessKeyInfo cannot be asked).
Result<KeyLookupResult> look_up_keys(aws::Session& session, const KeyLookupOptions& options);

}  // namespace rolecall
