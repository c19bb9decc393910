#include "cli/scan_runner.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/progress.h"
#include "report/report.h"

namespace rolecall::cli {

int run_scan_command(aws::Session& session, const ScanCommand& command, const GlobalOptions& global) {
  ProgressLine progress(!global.quiet);
  inventory::ScanOptions options = command.scan;
  options.on_progress = [&progress](const inventory::CollectProgress& p) { progress.update(p); };
  auto result = inventory::run_scan(session, options);
  progress.finish();
  if (!result) return report_error(result.error());

  report::RenderOptions render;
  if (global.output_file.empty()) {
    render.color = !global.no_color && isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
    report::write_format(global.output, *result, render, std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(global.output_file);
    if (!out) return report_error({ErrorKind::kIo, "cannot write " + global.output_file, {}, {}, 0});
    report::write_format(global.output, *result, render, out);
    if (!out.flush()) return report_error({ErrorKind::kIo, "cannot write " + global.output_file, {}, {}, 0});
    if (!global.quiet) std::cerr << "report written to " << global.output_file << '\n';
  }
  return static_cast<int>(exit_code_for(*result, command.fail_on));
}

}  // namespace rolecall::cli
