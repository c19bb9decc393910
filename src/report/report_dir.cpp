// --report-dir: every file format at once, so a pipeline picks what it reads.
#include <filesystem>
#include <fstream>

#include "report/report.h"

namespace rolecall::report {

Result<std::vector<std::string>> write_report_dir(const ScanResult& result, const std::string& dir,
                                                  const RenderOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorKind::kIo, "cannot create report directory " + dir + ": " + ec.message());
  std::vector<std::string> paths;
  for (const Format& format : format_table()) {
    if (format.file.empty()) continue;  // terminal only
    const std::string path = (fs::path(dir) / format.file).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorKind::kIo, "cannot write report " + path);
    format.write(result, options, out);
    if (!out.flush()) return fail(ErrorKind::kIo, "cannot write report " + path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace rolecall::report
