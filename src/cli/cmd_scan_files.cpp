// rolecall scan-files: the credential detector over files on an instance, a volume or an image.
#include <fmt/format.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "cli/commands.h"
#include "secrets/file_scan.h"

namespace rolecall::cli {

Action register_scan_files(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand("scan-files",
                                 "Find hard-coded AWS credentials in files and directory trees (recursive; binary and "
                                 "oversized files are skipped). Exit status 1 when a real credential is found.");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<secrets::FileScanOptions>();
  sub->add_option("paths", *paths, "Files or directories to scan")->required();
  // Files are streamed (memory does not grow with the file), so large limits are fine: 3G = 3 GiB.
  sub->add_option("--max-file-size", options->max_file_bytes,
                  "Skip files larger than this size: bytes, or with a unit (64K, 100M, 3G; powers of 1024)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  sub->add_flag("--follow-symlinks", options->follow_symlinks, "Follow symbolic links while walking");
  return [&global, paths, options]() -> ExitCode {
    auto report = secrets::scan_files(*paths, *options);
    if (!report) return report_error(report.error());
    std::size_t leaks = 0;
    for (const auto& f : report->findings) leaks += f.finding.is_example ? 0 : 1;
    if (global.output == "json") {
      nlohmann::json j;
      j["schema"] = "rolecall.scan-files/v1";
      j["findings"] = nlohmann::json::array();
      for (const auto& f : report->findings) {
        j["findings"].push_back({{"path", f.path},
                                 {"line", f.finding.line},
                                 {"type", secrets::to_string(f.finding.type)},
                                 {"key_id_redacted", f.finding.key_id_redacted},
                                 {"fingerprint_sha256", f.finding.fingerprint},
                                 {"example", f.finding.is_example}});
      }
      j["stats"] = {{"files_scanned", report->stats.files_scanned},
                    {"bytes_scanned", report->stats.bytes_scanned},
                    {"skipped_binary", report->stats.skipped_binary},
                    {"skipped_too_large", report->stats.skipped_too_large},
                    {"unreadable", report->stats.unreadable}};
      j["errors"] = report->errors;
      std::cout << base::json_text(j, 2) << '\n';
    } else {
      for (const auto& f : report->findings) {
        std::cout << fmt::format("{}{}  {}  {}\n", f.finding.location, f.finding.is_example ? " (example)" : "",
                                 secrets::to_string(f.finding.type), f.finding.key_id_redacted);
      }
      for (const auto& e : report->errors) std::cerr << "rolecall: warning: " << e << '\n';
      std::cout << fmt::format(
          "{} file(s), {} byte(s) scanned; {} skipped (binary {}, too large {}); {} credential(s) found\n",
          report->stats.files_scanned, report->stats.bytes_scanned,
          report->stats.skipped_binary + report->stats.skipped_too_large, report->stats.skipped_binary,
          report->stats.skipped_too_large, leaks);
    }
    return leaks > 0 ? ExitCode::kFindings : ExitCode::kOk;
  };
}

}  // namespace rolecall::cli
