// bench_scan_files: Google Benchmark of scan_text by default; with --generate or --scan, the
// helpers that scripts/bench-scan-files.sh drives.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "scan_driver.h"
#include "tree_generator.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: bench_scan_files [benchmark flags]\n"
               "       bench_scan_files --generate --dir DIR --bytes N --seed S --manifest FILE\n"
               "       bench_scan_files --scan [--threads N] [--findings FILE] PATH...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--generate") {
    rolecall::bench::TreeSpec spec;
    for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
      if (args[i] == "--bytes")
        spec.total_bytes = std::strtoull(args[i + 1].c_str(), nullptr, 10);
      else if (args[i] == "--seed")
        spec.seed = std::strtoull(args[i + 1].c_str(), nullptr, 10);
      else if (args[i] == "--manifest")
        spec.manifest = args[i + 1];
      else if (args[i] == "--dir")
        spec.root = args[i + 1];
      else
        return usage();
    }
    if (spec.root.empty() || spec.manifest.empty()) return usage();
    return rolecall::bench::generate_tree(spec);
  }
  if (!args.empty() && args[0] == "--scan") {
    unsigned threads = 0;
    std::string findings;
    std::vector<std::string> paths;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--threads" && i + 1 < args.size())
        threads = static_cast<unsigned>(std::strtoul(args[++i].c_str(), nullptr, 10));
      else if (args[i] == "--findings" && i + 1 < args.size())
        findings = args[++i];
      else
        paths.push_back(args[i]);
    }
    if (paths.empty()) return usage();
    return rolecall::bench::run_scan(paths, threads, findings);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
