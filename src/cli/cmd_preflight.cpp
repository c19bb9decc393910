// rolecall preflight: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_preflight(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("preflight", "Check that the caller holds the permissions remediation needs.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall preflight is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
