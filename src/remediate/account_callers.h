#pragma once
// The callers remediation uses: the scope (same rules as scan) resolved into one caller per account.

#include <string>

#include "aws/session.h"
#include "inventory/scope.h"
#include "remediate/apply.h"

namespace rolecall::remediate {

// Resolves the scope and maps account id -> caller (unreachable accounts map to nullptr).
struct AccountCallers {
  inventory::Scope scope;
  Callers callers;
  std::string caller_label;  // the first reachable target's label, for the journal
};
Result<AccountCallers> resolve_callers(aws::Session& session, const inventory::ScopeOptions& options);

}  // namespace rolecall::remediate
