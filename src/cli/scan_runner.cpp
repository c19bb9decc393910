#include "cli/scan_runner.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "aws/s3_location.h"
#include "aws/session.h"
#include "cli/leave_at_exit.h"
#include "cli/output_file.h"
#include "cli/progress.h"
#include "cli/security_hub_options.h"
#include "cli/store_options.h"
#include "cli/terminal.h"
#include "config/apply.h"
#include "report/report.h"
#include "report/view.h"
#include "store/scan_record.h"

namespace rolecall::cli {
namespace {

// Applies the configuration, sends the findings to Security Hub (--security-hub), writes the
// report(s) and maps the result to the exit status.
ExitCode finish_scan(ScanResult& result, Inventory inventory, const ScanCommand& command, const GlobalOptions& global,
                     aws::Session* session) {
  if (command.config) {
    // Warnings go to stderr even with --quiet: an expired exception is news the user must see.
    const config::Date today = config::utc_today(global.env->clock());  // what mutelist expiry is judged against
    for (const auto& w : config::apply_config(*command.config, result, &inventory, today)) {
      std::cerr << "rolecall: warning: " << w << '\n';
    }
  }
  report::add_context(result, inventory, command.context_tags);
  // Before the report's filters: Security Hub gets every finding, or it would archive hidden ones.
  bool delivered = true;
  if (command.security_hub && session != nullptr) {
    delivered = send_to_security_hub(*session, result, inventory, command.scan.scope, *command.security_hub, global);
  }
  // The store keeps every verdict: the report's filters narrow what is shown, not what was seen. The
  // findings are moved into the record and back, not copied (~0.5 GB for a 100k-instance scan).
  if (command.store) {
    store::ScanRecord record = store::scan_record_header(result, inventory, global.env->get("USER").value_or(""));
    record.findings = std::move(result.findings);
    auto stored = open_cli_store(*command.store, global);
    auto id = stored ? (*stored)->record_scan(record) : Result<std::int64_t>(std::unexpected(stored.error()));
    result.findings = std::move(record.findings);
    if (!id) return store_error(id.error());
    if (!global.quiet) std::cerr << "scan " << *id << " recorded in " << (*stored)->location() << '\n';
  }
  report::apply_filters(result, command.filters, inventory);
  leave_at_exit(std::move(inventory));  // not needed any more, and costly to free

  report::RenderOptions render;
  // Asking for PASS findings by name lists them in the table too.
  render.show_passing = std::find(command.filters.statuses.begin(), command.filters.statuses.end(), Status::kPass) !=
                        command.filters.statuses.end();
  render.clock = &global.env->clock();
  if (global.output_file.empty()) {  // files never carry terminal colours or widths
    render.color = stdout_color(global);
    render.width = stdout_width(global);
  }
  auto written = write_output(global, "report",
                              [&](std::ostream& out) { report::write_format(global.output, result, render, out); });
  if (!written) return report_error(written.error());
  if (!command.report_dir.empty()) {
    report::RenderOptions files;  // files never carry terminal colours
    files.show_passing = render.show_passing;
    files.clock = render.clock;
    auto paths = report::write_report_dir(*global.env, result, command.report_dir, files);
    if (!paths) return report_error(paths.error());
    if (!global.quiet) {
      for (const auto& p : *paths) std::cerr << "report written to " << p << '\n';
    }
  }
  ExitCode status = exit_code_for(result, command.fail_on);
  // Findings Security Hub did not take leave the run incomplete (docs/exit-codes.md).
  if (!delivered && status == ExitCode::kOk) status = ExitCode::kPartial;
  leave_at_exit(std::move(result.findings));
  return status;
}

}  // namespace

ExitCode fail_scan(const Error& error, ScanSource source, const ScanCommand& command, const GlobalOptions& global) {
  report_error(error);
  remove_stale_output(global);
  if (!command.report_dir.empty()) {
    if (auto r = report::remove_report_dir(*global.env, command.report_dir); !r) report_error(r.error());
  }
  return exit_code_for(error, source);
}

ExitCode run_scan_command(aws::Session& session, const ScanCommand& command, const GlobalOptions& global) {
  ProgressLine progress(!global.quiet, global.progress_every);
  ScanOptions options = command.scan;
  options.on_progress = [&progress](const CollectProgress& p) { progress.update(p); };
  Inventory inventory;
  auto result = scan(session, options, &inventory);
  progress.finish();
  if (!result) return fail_scan(result.error(), ScanSource::kLive, command, global);
  return finish_scan(*result, std::move(inventory), command, global, &session);
}

ExitCode run_offline_scan_command(const ScanCommand& command, const GlobalOptions& global) {
  OfflineScanOptions options;
  options.from = command.from;
  options.trail_logs = command.scan.trail_logs;
  options.fallback_region = global.region;
  options.regions = command.scan.regions;
  options.judge = command.scan.judge;
  // s3:// trail logs are read with the scan's own credentials: the offline scan's only AWS calls.
  std::unique_ptr<aws::Session> session;
  if (aws::is_s3_url(options.trail_logs.location)) {
    auto created = aws::Session::create(global.session_options());
    if (!created) return fail_scan(created.error(), ScanSource::kOffline, command, global);
    session = std::move(*created);
    options.session = session.get();
  }
  Inventory inventory;
  auto result = scan_offline(*global.env, options, &inventory);
  if (!result) return fail_scan(result.error(), ScanSource::kOffline, command, global);
  return finish_scan(*result, std::move(inventory), command, global, nullptr);
}

}  // namespace rolecall::cli
