#pragma once
// Running a scan and writing its report: shared by `scan` and `demo`.

#include "cli/global_options.h"
#include "inventory/scan.h"
#include "rolecall/findings.h"

namespace rolecall::cli {

// Scan settings beyond the global options.
struct ScanCommand {
  inventory::ScanOptions scan;
  Severity fail_on = Severity::kLow;
  std::string report_dir;  // --report-dir: also write every report format into this directory
};

// Runs the scan on `session`, writes the report per `global` (--output, --output-file, colour,
// progress) and returns the documented exit code.
int run_scan_command(aws::Session& session, const ScanCommand& command, const GlobalOptions& global);

}  // namespace rolecall::cli
