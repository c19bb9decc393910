#include "remediate/account_callers.h"

namespace rolecall::remediate {

Result<AccountCallers> resolve_callers(aws::Session& session, const inventory::ScopeOptions& options) {
  auto scope = inventory::resolve_scope(session, options);
  if (!scope) return fail(scope.error());
  AccountCallers out;
  out.scope = std::move(*scope);
  for (const auto& t : out.scope.targets) {
    out.callers[t.account_id] = t.caller;
    if (t.caller != nullptr && out.caller_label.empty()) out.caller_label = t.label;
  }
  return out;
}

}  // namespace rolecall::remediate
