#pragma once
// What apply / rollback / runs share on the command line: the journal location, the accounts'
// callers (same scope rules as scan), and the terminal confirmation.

#include <memory>
#include <string>

#include "aws/session.h"
#include "inventory/scope.h"
#include "remediate/apply.h"
#include "remediate/journal.h"

namespace rolecall::remediate {

// The journal path: `flag` (--journal) when given, else Journal::default_path of `env`.
std::string journal_path(const std::string& flag, const base::Env& env);

// Resolves the scope and maps account id -> caller (unreachable accounts map to nullptr).
struct AccountCallers {
  inventory::Scope scope;
  Callers callers;
  std::string caller_label;  // the first reachable target's label, for the journal
};
Result<AccountCallers> resolve_callers(aws::Session& session, const inventory::ScopeOptions& options);

// Outcome of asking the user.
enum class Confirmation { kYes, kNo, kNoTerminal };

// Prints `question` with " [y/N] " on stderr and reads a line from stdin; kNoTerminal when stdin is
// not a terminal (automation must pass --yes).
Confirmation confirm(const std::string& question);

}  // namespace rolecall::remediate
