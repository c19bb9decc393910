// --report-dir: every file format at once, so a pipeline picks what it reads.
#include <filesystem>
#include <fstream>

#include "report/report.h"

namespace rolecall::report {
namespace {

struct DirEntry {
  const char* format;
  const char* file;
};

// Order is the documented order of the returned paths.
constexpr DirEntry kDirEntries[] = {
    {"json", "report.json"},   {"csv", "report.csv"},        {"junit", "report.junit.xml"},
    {"sarif", "report.sarif"}, {"ocsf", "report.ocsf.json"}, {"asff", "report.asff.json"},
    {"html", "report.html"},
};

}  // namespace

std::string report_file_name(const std::string& format) {
  for (const auto& e : kDirEntries) {
    if (format == e.format) return e.file;
  }
  return {};
}

Result<std::vector<std::string>> write_report_dir(const ScanResult& result, const std::string& dir,
                                                  const RenderOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorKind::kIo, "cannot create report directory " + dir + ": " + ec.message());
  std::vector<std::string> paths;
  for (const auto& e : kDirEntries) {
    const std::string path = (fs::path(dir) / e.file).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorKind::kIo, "cannot write report " + path);
    write_format(e.format, result, options, out);
    if (!out.flush()) return fail(ErrorKind::kIo, "cannot write report " + path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace rolecall::report
