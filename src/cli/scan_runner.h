#pragma once
// Running a scan and writing its report: shared by `scan` and `demo`.

#include <optional>
#include <string>
#include <vector>

#include "cli/global_options.h"
#include "config/config.h"
#include "rolecall/findings.h"
#include "rolecall/scan.h"
#include "rolecall/security_hub.h"

namespace rolecall::cli {

// Scan settings beyond the global options.
struct ScanCommand {
  ScanOptions scan;
  std::optional<Severity> fail_on = Severity::kLow;  // nullopt: findings never fail the run (--fail-on none)
  std::string report_dir;                            // --report-dir: also write every report format into this directory
  std::optional<config::Config> config;              // --config: severity overrides and mutelist applied to the result
  std::vector<std::string> from;                     // --from: audit these offline inputs instead of calling AWS
  ReportFilters filters;                             // --status, --severity, --account, --tag: what the report shows
  std::vector<std::string> context_tags;             // --tags: instance tag values every format adds
  std::optional<std::string> store;                  // --store: record the scan there ("": the default store)
  std::optional<SecurityHubOptions> security_hub;    // --security-hub: also send the findings to Security Hub
};

// Reports `error`, a failure before the scan produced a result, and removes the report files this
// run would have written (--output-file, --report-dir's files), so none from an earlier run is
// left looking current; returns exit_code_for(error, source).
ExitCode fail_scan(const Error& error, ScanSource source, const ScanCommand& command, const GlobalOptions& global);

// Runs the scan on `session`, writes the report per `global` (--output, --output-file, colour,
// progress) and returns the documented exit code.
ExitCode run_scan_command(aws::Session& session, const ScanCommand& command, const GlobalOptions& global);

// Audits `command.from` (a `rolecall collect` directory or AWS CLI JSON files) without any AWS
// call, then reports like run_scan_command. Unreadable or malformed input exits 2.
ExitCode run_offline_scan_command(const ScanCommand& command, const GlobalOptions& global);

}  // namespace rolecall::cli
