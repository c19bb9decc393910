#pragma once
// Report writers: one file per output format, all rendering a ScanResult.

#include <ostream>
#include <string>

#include "rolecall/scan.h"

namespace rolecall::report {

// Options shared by the writers.
struct RenderOptions {
  bool color = false;       // ANSI colours (terminal table only)
  bool show_passing = false;  // table: list passing resources too
};

// The terminal table: summary by check, account and region, then the non-passing findings.
void write_table(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// rolecall's versioned JSON report (schema "rolecall.scan/v1", docs/report-json.md).
void write_json(const ScanResult& result, std::ostream& out);

// The format names --output accepts, e.g. "table", "json".
const std::vector<std::string>& formats();

// Writes `result` as `format`; false when the format is unknown.
bool write_format(const std::string& format, const ScanResult& result, const RenderOptions& options,
                  std::ostream& out);

}  // namespace rolecall::report
