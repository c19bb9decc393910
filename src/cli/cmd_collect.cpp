// rolecall collect: placeholder registration until its implementation lands this session.
#include "cli/commands.h"

namespace rolecall::cli {

Action register_collect(CLI::App& app, GlobalOptions& /*global*/) {
  app.add_subcommand("collect", "Collect the raw inventory of the estate into a directory for offline audits.");
  return []() -> int { return report_error({ErrorKind::kInternal, "rolecall collect is not available in this build", {}, {}, 0}); };
}

}  // namespace rolecall::cli
