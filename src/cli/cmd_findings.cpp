// rolecall findings: the current state of every finding the store has seen failing.
#include <iostream>

#include "base/json_text.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "cli/store_render.h"
#include "cli/terminal.h"
#include "store/since.h"

namespace rolecall::cli {

Action register_findings(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "findings",
      "Show the findings recorded by `scan --store` that failed at some point: open or resolved, first seen, time "
      "open, regressed. Exit status: 0, or 2 for bad options or a store that cannot be used.");
  auto open = std::make_shared<bool>(false);
  auto since = std::make_shared<std::string>();
  auto check = std::make_shared<std::string>();
  auto severity = std::make_shared<std::string>();
  auto url = std::make_shared<std::string>();
  sub->add_flag("--open", *open, "Only findings failing now");
  sub->add_option("--since", *since,
                  "Only findings whose failing period began since then: a duration back from now (7d, 12h, 30m) or "
                  "an ISO 8601 date or time (2026-12-01)");
  sub->add_option("--check", *check,
                  "Only this check's findings (an id of `rolecall checks`, or of a check a stored scan ran)");
  sub->add_option("--severity", *severity, "Only findings of this severity")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  add_store_option(*sub, *url, false);
  return [&global, open, since, check, severity, url]() -> ExitCode {
    if (auto ok = check_table_or_json(global, "findings"); !ok) return report_error(ok.error());
    store::FindingQuery query;
    query.open_only = *open;
    query.check_id = *check;
    const auto now = global.env->clock().now();
    if (!since->empty()) {
      auto instant = store::parse_since(*since, now);
      if (!instant) return report_error(instant.error());
      query.since = *instant;
    }
    if (!severity->empty()) {
      Severity s = Severity::kMedium;
      parse_severity(*severity, s);
      query.severity = s;
    }
    auto stored = open_cli_store(*url, global);
    if (!stored) return store_error(stored.error());
    auto found = (*stored)->findings(query);
    if (!found) return store_error(found.error());
    auto written = write_output(global, "findings", [&](std::ostream& sink) {
      if (global.output == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& f : *found) out.push_back(stored_finding_json(f, now));
        sink << base::json_text(out, 2) << '\n';
      } else {
        write_findings_table(*found, now, sink);
      }
    });
    return written ? ExitCode::kOk : report_error(written.error());
  };
}

}  // namespace rolecall::cli
