// rolecall config: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_config(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("config", "Work with rolecall configuration files.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall config is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
