#pragma once
// What `rolecall scan-files` prints: its findings (credentials in files) in the formats a user of
// the scan's reports expects, with file paths and lines where code scanning can show them.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"
#include "secrets/file_scan.h"

namespace rolecall::report {

// The --output values scan-files writes, default first: "table", "json", "csv", "junit", "sarif".
const std::vector<std::string>& file_scan_formats();

// kInvalidArgument naming `format` and the ones accepted unless it is one of file_scan_formats().
Result<void> check_file_scan_format(std::string_view format);

// Writes `report` to `out` as `format`; fails as check_file_scan_format() before writing anything.
Result<void> write_file_scan(const secrets::FileScanReport& report, std::string_view format, std::ostream& out);

// Real (non-example) credentials among the findings: what makes scan-files exit 1.
std::size_t real_credentials(const secrets::FileScanReport& report);

}  // namespace rolecall::report
