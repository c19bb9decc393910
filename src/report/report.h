#pragma once
// Report writers: one file per output format, all rendering a ScanResult.

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/env.h"
#include "rolecall/error.h"
#include "rolecall/scan.h"

namespace rolecall::report {

// Options shared by the writers.
struct RenderOptions {
  bool color = false;         // ANSI colours (terminal table only)
  bool show_passing = false;  // table: list passing resources too
  std::size_t width =
      0;  // table: the terminal's columns (DETAIL is shortened, or each finding a block, to fit); 0: no limit
  // Absolute URL under which docs/checks/<id>.md is published (ending in '/'); empty: SARIF rules
  // carry no helpUri and the other formats name the command that prints the page, "rolecall checks <id>".
  std::string docs_base_url;
  // "Now" for the time stamp of a result that carries none (JUnit, OCSF, ASFF require one).
  const base::Clock* clock = &base::Env::system().clock();
};

// The terminal table: summary by check, account and region, then the non-passing findings.
void write_table(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// rolecall's versioned JSON report (schema "rolecall.scan/v1", docs/report-json.md).
void write_json(const ScanResult& result, std::ostream& out);

// CSV (RFC 4180, CRLF, header row), one row per finding (docs/reports.md).
void write_csv(const ScanResult& result, std::ostream& out);

// JUnit XML: one testsuite per check, one testcase per resource (docs/reports.md).
void write_junit(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// SARIF 2.1.0: checks as rules, non-passing findings as results (docs/reports.md).
void write_sarif(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// OCSF 1.1 Detection Findings (class_uid 2004), a JSON array as Prowler writes it.
void write_ocsf(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// AWS Security Finding Format: a JSON array of BatchImportFindings findings.
void write_asff(const ScanResult& result, const RenderOptions& options, std::ostream& out);
// The ASFF findings write_asff writes, one object per finding of `result` (every status), for
// sending to Security Hub (rolecall::export_to_security_hub).
std::vector<nlohmann::json> asff_findings(const ScanResult& result, const RenderOptions& options);

// One self-contained HTML page (inline CSS, JS and SVG; nothing fetched) with charts and a
// filterable, sortable findings table.
void write_html(const ScanResult& result, const RenderOptions& options, std::ostream& out);

// One output format: a table row in formats.cpp, from which --output's accepted names and help
// text and --report-dir's files are derived.
struct Format {
  std::string_view name;          // the --output value, e.g. "sarif"
  std::string_view file;          // its file in a --report-dir, e.g. "report.sarif"; empty: terminal only
  std::string_view content_type;  // its media type where a store asks (S3's Content-Type)
  void (*write)(const ScanResult& result, const RenderOptions& options, std::ostream& out);
};

// Every format: the default ("table") first, then the file formats in --report-dir's order.
std::span<const Format> format_table();

// The format named `name`, or nullptr.
const Format* find_format(std::string_view name);

// The media type of what --output `format` writes, by name: the table's, "text/markdown" for
// markdown, else text (plan diffs, summaries).
std::string_view content_type_of(std::string_view format);

// The format names --output accepts, sorted, e.g. "asff", "csv".
const std::vector<std::string>& formats();

// The names for --output's help, in table order: "table (default), json, ... or html".
std::string formats_help();

// Writes `result` as `format`; false when the format is unknown.
bool write_format(const std::string& format, const ScanResult& result, const RenderOptions& options, std::ostream& out);

// The file name write_report_dir uses for `format` ("report.sarif"), empty for "table".
std::string report_file_name(const std::string& format);

// Writes every format that has a file into `dir` (created when missing) through `env`:
// report.json, report.csv, report.junit.xml, report.sarif, report.ocsf.json, report.asff.json,
// report.html (format_table() order). Returns the paths written, in that order; fails with kIo
// naming the path that could not be written.
Result<std::vector<std::string>> write_report_dir(base::Env& env, const ScanResult& result, const std::string& dir,
                                                  const RenderOptions& options);

// Removes the files write_report_dir writes from `dir` (a failed scan must not leave the previous
// run's report looking like this run's); other files stay. Fails with kIo naming the file.
Result<void> remove_report_dir(base::Env& env, const std::string& dir);

}  // namespace rolecall::report
