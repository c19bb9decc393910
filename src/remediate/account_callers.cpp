#include "remediate/account_callers.h"

#include <algorithm>

#include "aws/ops/sts.h"
#include "base/sync.h"

namespace rolecall::remediate {

std::string caller_identity_arn(aws::Session& session, const inventory::Scope& scope) {
  if (!scope.caller_arn.empty()) return scope.caller_arn;  // identified while resolving
  auto first = std::find_if(scope.targets.begin(), scope.targets.end(),
                            [](const inventory::AccountTarget& t) { return t.caller != nullptr; });
  if (first == scope.targets.end()) return {};
  auto who = base::run_sync<aws::sts::GetCallerIdentityResponse>(session.loop(), [&](auto done) {
    aws::sts::get_caller_identity(*first->caller, {session.region().region}, std::move(done));
  });
  return who ? who->arn : std::string();
}

Result<AccountCallers> resolve_callers(aws::Session& session, const inventory::ScopeOptions& options) {
  auto scope = inventory::resolve_scope(session, options);
  if (!scope) return fail(scope.error());
  AccountCallers out;
  out.scope = std::move(*scope);
  for (const auto& t : out.scope.targets) {
    out.callers[t.account_id] = t.caller;
    if (t.caller != nullptr && out.caller_label.empty()) out.caller_label = t.label;
  }
  out.caller_arn = caller_identity_arn(session, out.scope);
  if (!out.caller_arn.empty()) out.caller_label = out.caller_arn;
  return out;
}

}  // namespace rolecall::remediate
