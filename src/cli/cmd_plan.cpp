// rolecall plan: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_plan(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("plan", "Plan the remediation: which instance profile each instance gets.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall plan is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
