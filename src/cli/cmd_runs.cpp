// rolecall runs: the journal's runs, or one run's per-instance outcomes.
#include <iostream>

#include "base/json_text.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "remediate/run_summary.h"

namespace rolecall::cli {

Action register_runs(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "runs",
      "List journaled apply and rollback runs (newest first; a running run is shown as in use, by whom, or "
      "interrupted: `apply --resume` finishes it), or show one run's per-instance outcomes. "
      "Exit status: 0, or 2 for an unknown run or unreadable journal.");
  auto run_id = std::make_shared<std::string>();
  auto journal_flag = std::make_shared<std::string>();
  sub->add_option("run_id", *run_id, "Show this run's per-instance outcomes");
  add_journal_option(*sub, *journal_flag);
  return [&global, run_id, journal_flag]() -> ExitCode {
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    auto journal = remediate::Journal::open(journal_path(*journal_flag, *global.env), global.env->clock(),
                                            remediate::Journal::Access::kRead);
    if (!journal) return report_error(journal.error());
    if (run_id->empty()) {
      auto runs = (*journal)->runs();
      if (!runs) return report_error(runs.error());
      // Whether each running run is still worked on; a claim that cannot be read leaves it "running".
      remediate::LiveClaims live;
      bool known = true;
      for (const auto& r : *runs) {
        if (r.status != remediate::RunStatus::kRunning) continue;
        auto claim = (*journal)->claim_of(r.run_id);
        if (!claim) {
          known = false;
          break;
        }
        if (*claim) live.emplace(r.run_id, **claim);
      }
      const remediate::LiveClaims* claims = known ? &live : nullptr;
      auto written = write_output(global, "runs", [&](std::ostream& sink) {
        if (global.output == "json") {
          nlohmann::json out = nlohmann::json::array();
          for (const auto& r : *runs) out.push_back(remediate::run_record_json(r, claims));
          sink << base::json_text(out, 2) << '\n';
        } else {
          remediate::render_runs(*runs, sink, claims);
        }
      });
      return written ? ExitCode::kOk : report_error(written.error());
    }
    auto summary = remediate::load_run_summary(**journal, *run_id);
    if (!summary) {
      if (summary.error().kind == ErrorKind::kNotFound) {
        return report_error(Error::invalid_argument(summary.error().message));
      }
      return report_error(summary.error());
    }
    print_run_summary(*summary, global);
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli
