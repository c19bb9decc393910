// rolecall report --from-store: the store's current state rendered in any report format, e.g. the
// merged result of several `scan --shard I/N` workers (docs/store.md, "A report from the store").
#include <iostream>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "cli/terminal.h"
#include "report/report.h"
#include "store/state_report.h"

namespace rolecall::cli {

Action register_report(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "report",
      "Render the findings recorded by `scan --store` (every worker's, for `scan --shard`) as one report in any "
      "--output format: each finding's latest verdict, open ones FAIL, resolved ones PASS. Findings that only ever "
      "passed are not stored, so they are not listed. Exit status: 0, 1 when an open finding reaches --fail-on, 2 "
      "for bad options or a store that cannot be used, 4 when a finding's latest verdict is ERROR.");
  auto from_store = std::make_shared<bool>(false);
  auto open = std::make_shared<bool>(false);
  auto fail_on = std::make_shared<std::string>("none");
  auto url = std::make_shared<std::string>();
  sub->add_flag("--from-store", *from_store, "Read the findings from the store (the only source today)")->required();
  sub->add_flag("--open", *open, "Only findings failing now");
  sub->add_option("--fail-on", *fail_on, "Lowest severity of an open finding that makes the exit status 1")
      ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}))
      ->capture_default_str();
  add_store_option(*sub, *url, false);
  return [&global, open, fail_on, url]() -> ExitCode {
    if (report::find_format(global.output) == nullptr) {
      return report_error(
          Error::invalid_argument("report --output " + global.output + ": one of " + report::formats_help()));
    }
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    auto stored = open_cli_store(*url, global);
    if (!stored) return store_error(stored.error());
    store::FindingQuery query;
    query.open_only = *open;
    auto found = (*stored)->findings(query);
    if (!found) return store_error(found.error());
    auto scans = (*stored)->scans(0);
    if (!scans) return store_error(scans.error());
    std::vector<std::string> checks;
    if (!scans->empty()) {
      auto newest = (*stored)->observations(scans->front().id);
      if (!newest) return store_error(newest.error());
      checks = newest->checks;
    }
    ScanResult result = store::state_report(*found, *scans, checks);
    report::RenderOptions render;
    render.clock = &global.env->clock();
    auto written = write_output(global, "report",
                                [&](std::ostream& out) { report::write_format(global.output, result, render, out); });
    if (!written) return report_error(written.error());
    std::optional<Severity> threshold;
    if (*fail_on != "none") {
      Severity s = Severity::kLow;
      parse_severity(*fail_on, s);
      threshold = s;
    }
    return exit_code_for(result, threshold);
  };
}

}  // namespace rolecall::cli
