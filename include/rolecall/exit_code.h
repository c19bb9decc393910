#pragma once
// The one table of process exit statuses (docs/exit-codes.md); every command returns one of these.

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

}  // namespace rolecall
