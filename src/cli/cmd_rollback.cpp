// rolecall rollback: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_rollback(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("rollback", "Restore every instance a run touched to its previous state.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall rollback is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
