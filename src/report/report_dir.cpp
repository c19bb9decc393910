// --report-dir: every file format at once, so a pipeline picks what it reads.
#include <filesystem>

#include "report/report.h"

namespace rolecall::report {

Result<std::vector<std::string>> write_report_dir(base::Env& env, const ScanResult& result, const std::string& dir,
                                                  const RenderOptions& options) {
  if (auto made = env.create_directories(dir); !made) return fail(made.error());
  std::vector<std::string> paths;
  for (const Format& format : format_table()) {
    if (format.file.empty()) continue;  // terminal only
    const std::string path = (std::filesystem::path(dir) / format.file).string();
    auto written = env.write_file(path, [&](std::ostream& out) { format.write(result, options, out); });
    if (!written) return fail(ErrorKind::kIo, "cannot write report " + path);
    paths.push_back(path);
  }
  return paths;
}

Result<void> remove_report_dir(base::Env& env, const std::string& dir) {
  for (const Format& format : format_table()) {
    if (format.file.empty()) continue;
    if (auto removed = env.remove_file((std::filesystem::path(dir) / format.file).string()); !removed) return removed;
  }
  return {};
}

}  // namespace rolecall::report
