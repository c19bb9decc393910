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
  std::string caller_label;  // for the journal: caller_arn, else the first reachable target's label
  std::string caller_arn;    // sts:GetCallerIdentity of the base credentials; empty when it failed
};
Result<AccountCallers> resolve_callers(aws::Session& session, const inventory::ScopeOptions& options);

// The base credentials' identity resolve_scope found (Scope::caller_arn; the caller's own account
// need not be a target), else what sts:GetCallerIdentity answers for the first reachable target;
// empty when no target is reachable or the call fails.
std::string caller_identity_arn(aws::Session& session, const inventory::Scope& scope);

}  // namespace rolecall::remediate
