#include "rolecall/scan.h"

namespace rolecall {

ExitCode exit_code_for(const ScanResult& result, Severity fail_on) {
  bool failing = false, errors = false, any_scope_ok = result.stats.regions > 0;
  for (const auto& f : result.findings) {
    if (f.status == Status::kFail && f.severity >= fail_on) failing = true;
    if (f.status == Status::kError) errors = true;
  }
  if (!any_scope_ok && errors) return ExitCode::kCredentials;
  if (failing) return ExitCode::kFindings;
  if (errors) return ExitCode::kPartial;
  return ExitCode::kOk;
}

}  // namespace rolecall
