// rolecall runs: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_runs(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("runs", "List journaled remediation runs and their per-instance outcomes.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall runs is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
