#include "scan_driver.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include "secrets/file_scan.h"

namespace rolecall::bench {

int run_scan(const std::vector<std::string>& paths, unsigned threads, const std::string& findings_out) {
  secrets::FileScanOptions options;
  options.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  const auto report = secrets::scan_files(paths, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report) {
    std::fprintf(stderr, "scan failed: %s\n", report.error().message.c_str());
    return 1;
  }
  std::map<std::string, std::size_t> by_type;
  std::size_t examples = 0;
  for (const auto& f : report->findings) {
    if (f.finding.is_example) {
      ++examples;
    } else {
      ++by_type[secrets::to_string(f.finding.type)];
    }
  }
  const auto& s = report->stats;
  std::printf("files %llu bytes %llu seconds %.3f throughput_mb_s %.1f skipped_binary %llu skipped_large %llu\n",
              static_cast<unsigned long long>(s.files_scanned), static_cast<unsigned long long>(s.bytes_scanned),
              seconds, static_cast<double>(s.bytes_scanned) / 1e6 / seconds,
              static_cast<unsigned long long>(s.skipped_binary), static_cast<unsigned long long>(s.skipped_too_large));
  for (const auto& [type, n] : by_type) std::printf("findings %s %zu\n", type.c_str(), n);
  std::printf("findings examples %zu\n", examples);
  if (!findings_out.empty()) {
    std::ofstream out(findings_out);
    for (const auto& f : report->findings) {
      out << secrets::to_string(f.finding.type) << '\t' << f.path << '\t' << f.finding.line << '\t'
          << (f.finding.is_example ? "example" : "leak") << '\t' << f.finding.fingerprint << '\n';
    }
  }
  return 0;
}

}  // namespace rolecall::bench
