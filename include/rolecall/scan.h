#pragma once
// The audit's result and how it maps to an exit code; the scan itself runs in src/inventory/scan.h.

#include <cstddef>
#include <string>
#include <vector>

#include "rolecall/exit_code.h"
#include "rolecall/findings.h"

namespace rolecall {

// Totals for the summary and the JSON report.
struct ScanStats {
  std::size_t accounts = 0;
  std::size_t regions = 0;    // account+region pairs scanned
  std::size_t instances = 0;  // instances judged
  std::size_t launch_templates = 0;
  double seconds = 0;
};

// Everything one scan produced.
struct ScanResult {
  std::vector<Finding> findings;    // sorted by account, region, resource, check
  std::vector<std::string> checks;  // ids of the checks that ran
  ScanStats stats;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
};

// The exit code for `result`: kFindings when a FAIL reaches `fail_on` (even if the scan was partial),
// else kPartial when anything is ERROR, else kOk; kCredentials when no scope could be scanned at all.
ExitCode exit_code_for(const ScanResult& result, Severity fail_on);

}  // namespace rolecall
