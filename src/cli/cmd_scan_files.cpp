// rolecall scan-files: the credential detector over files on an instance, a volume or an image.
#include <iostream>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "report/file_scan_report.h"
#include "secrets/file_scan.h"

namespace rolecall::cli {

Action register_scan_files(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "scan-files",
      "Find hard-coded AWS credentials in files and directory trees (recursive; binary and "
      "oversized files are skipped). --output table, json, csv, junit or sarif (with file and line for code "
      "scanning); --output-file writes it there. Exit status: 0 none found, 1 a real "
      "credential found, 4 none found but some path could not be read (incomplete), "
      "2 usage.");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<secrets::FileScanOptions>();
  sub->add_option("paths", *paths, "Files or directories to scan")->required();
  // Files are streamed (memory does not grow with the file), so large limits are fine: 3G = 3 GiB.
  sub->add_option("--max-file-size", options->max_file_bytes,
                  "Skip files larger than this size: bytes, or with a unit (64K, 100M, 3G; powers of 1024)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  sub->add_flag("--follow-symlinks", options->follow_symlinks, "Follow symbolic links while walking");
  return [&global, paths, options]() -> ExitCode {
    // Bad output arguments fail before the walk, which can take long over a whole volume.
    if (auto known = report::check_file_scan_format(global.output); !known) return report_error(known.error());
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    auto report = secrets::scan_files(*paths, *options);
    if (!report) return report_error(report.error());
    if (!global.quiet) {
      for (const auto& e : report->errors) std::cerr << "rolecall: warning: could not read " << e << '\n';
    }
    if (global.output_file.empty()) {
      if (auto written = report::write_file_scan(*report, global.output, std::cout); !written) {
        return report_error(written.error());
      }
    } else {
      auto written = write_output(
          global, "report", [&](std::ostream& out) { (void)report::write_file_scan(*report, global.output, out); });
      if (!written) return report_error(written.error());
    }
    // A credential found is news whatever else happened; a clean result with paths unread is not clean.
    if (report::real_credentials(*report) > 0) return ExitCode::kFindings;
    return report->stats.unreadable > 0 ? ExitCode::kPartial : ExitCode::kOk;
  };
}

}  // namespace rolecall::cli
