// rolecall apply: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_apply(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("apply", "Apply a remediation plan file with a journal, verifying each change.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall apply is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
