#pragma once
// The one table of process exit statuses (docs/exit-codes.md); every command returns one of these.

#include "rolecall/error.h"

namespace rolecall {

// Documented exit statuses of every rolecall command.
enum class ExitCode : int {
  kOk = 0,           // scan: compliant; apply/rollback: every change verified or nothing to do; others: done
  kFindings = 1,     // scan: a FAIL at or above --fail-on; apply/rollback: a change failed or was left unfinished
  kUsage = 2,        // bad flags, files, configuration, run id or journal; no terminal without --yes
  kCredentials = 3,  // no credentials, or a needed permission is denied (or nothing could be scanned)
  kPartial = 4,      // something could not be evaluated or checked; rollback: instances were left alone
  kStalePlan = 5,    // apply: stale plan, or a target fails a rule judged on live IAM; nothing was changed
};

// The process exit status of `code`.
constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

// The exit status of a command stopped by an error of `kind` before it could do its work: kUsage for
// the user's input (kInvalidArgument, kParse); kCredentials when no credentials work, a permission
// is denied, or nothing could be reached at all (kNetwork: connection refused, DNS, TLS); else kPartial.
constexpr ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kParse: return ExitCode::kUsage;
    case ErrorKind::kCredentials:
    case ErrorKind::kAccessDenied:
    case ErrorKind::kNetwork: return ExitCode::kCredentials;
    default: return ExitCode::kPartial;
  }
}

}  // namespace rolecall
