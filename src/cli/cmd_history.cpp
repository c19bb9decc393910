// rolecall history: the recorded scans with their counts, the FAIL trend and the time to fix.
#include <iostream>

#include "base/json_text.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "cli/store_render.h"
#include "cli/terminal.h"

namespace rolecall::cli {

Action register_history(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "history",
      "List the scans recorded by `scan --store` (newest first) with their verdict counts and whether they were "
      "complete, the FAIL trend over time, and the time to fix (median and 90th percentile from failing to "
      "resolved) per check and severity. Exit status: 0, or 2 for a store that cannot be used.");
  auto url = std::make_shared<std::string>();
  auto limit = std::make_shared<std::size_t>(20);
  add_store_option(*sub, *url, false);
  sub->add_option("--limit", *limit, "Show at most this many scans (0: all)")->capture_default_str();
  return [&global, url, limit]() -> ExitCode {
    if (auto ok = check_table_or_json(global, "history"); !ok) return report_error(ok.error());
    auto stored = open_cli_store(*url, global);
    if (!stored) return store_error(stored.error());
    auto scans = (*stored)->scans(*limit);
    if (!scans) return store_error(scans.error());
    auto resolved = (*stored)->findings({});
    if (!resolved) return store_error(resolved.error());
    const auto fix = store::time_to_fix(*resolved);
    auto written = write_output(global, "history", [&](std::ostream& out) {
      if (global.output == "json") {
        out << base::json_text(history_json(*scans, fix), 2) << '\n';
      } else {
        write_history_table(*scans, fix, out);
      }
    });
    return written ? ExitCode::kOk : report_error(written.error());
  };
}

}  // namespace rolecall::cli
