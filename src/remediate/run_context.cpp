// Command-line plumbing shared by apply, rollback and runs.
#include "remediate/run_context.h"

#include <unistd.h>

#include <iostream>

namespace rolecall::remediate {

std::string journal_path(const std::string& flag, const base::Env& env) {
  if (!flag.empty()) return flag;
  return Journal::default_path(env);
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
  return out;
}

Confirmation confirm(const std::string& question) {
  if (::isatty(STDIN_FILENO) == 0) return Confirmation::kNoTerminal;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return Confirmation::kNo;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" ? Confirmation::kYes : Confirmation::kNo;
}

}  // namespace rolecall::remediate
