#include "rolecall/scan.h"

namespace rolecall {

ExitCode exit_code_for(const ScanResult& result, std::optional<Severity> fail_on) {
  bool failing = false, errors = result.hidden_errors > 0, any_scope_ok = result.stats.regions > 0;
  for (const auto& f : result.findings) {
    if (f.status == Status::kFail && fail_on && f.severity >= *fail_on) failing = true;
    if (f.status == Status::kError) errors = true;
  }
  if (!any_scope_ok && errors) return ExitCode::kCredentials;
  if (failing) return ExitCode::kFindings;
  if (errors) return ExitCode::kPartial;
  return ExitCode::kOk;
}

ExitCode exit_code_for(const Error& failure, ScanSource source) {
  if (failure.kind == ErrorKind::kInvalidArgument) return ExitCode::kUsage;
  if (source == ScanSource::kOffline && failure.kind == ErrorKind::kParse) return ExitCode::kUsage;
  return ExitCode::kCredentials;  // nothing could be scanned
}

}  // namespace rolecall
