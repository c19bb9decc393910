// Dispatch from --output names to the writers.
#include "report/report.h"

namespace rolecall::report {

const std::vector<std::string>& formats() {
  static const std::vector<std::string> kFormats = {"asff", "csv", "html", "json", "junit", "ocsf", "sarif", "table"};
  return kFormats;
}

bool write_format(const std::string& format, const ScanResult& result, const RenderOptions& options,
                  std::ostream& out) {
  if (format == "table") {
    write_table(result, options, out);
  } else if (format == "json") {
    write_json(result, out);
  } else if (format == "csv") {
    write_csv(result, out);
  } else if (format == "junit") {
    write_junit(result, out);
  } else if (format == "sarif") {
    write_sarif(result, options, out);
  } else if (format == "ocsf") {
    write_ocsf(result, options, out);
  } else if (format == "asff") {
    write_asff(result, options, out);
  } else if (format == "html") {
    write_html(result, options, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace rolecall::report
