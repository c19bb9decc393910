// Dispatch from --output names to the writers.
#include "report/report.h"

namespace rolecall::report {

const std::vector<std::string>& formats() {
  static const std::vector<std::string> kFormats = {"json", "table"};
  return kFormats;
}

bool write_format(const std::string& format, const ScanResult& result, const RenderOptions& options,
                  std::ostream& out) {
  if (format == "table") {
    write_table(result, options, out);
  } else if (format == "json") {
    write_json(result, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace rolecall::report
