// DescribeInstances parsing: rolecall's in-place single-pass parser against the plain pugixml
// DOM walk a developer would write first, on a realistic 1,000-instance (~3 MB) page.
// Prints the speed ratio after the runs. Run: build/bench/bench_parse_describe_instances

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "aws/ops/ec2_instances.h"
#include "bench/common/ratio_reporter.h"
#include "bench/parse_describe_instances/baseline_walk.h"
#include "bench/parse_describe_instances/generate_page.h"

namespace {

constexpr std::size_t kInstances = 1000;

const std::string& page() {
  static const std::string p = rolecall::bench::describe_instances_page(kInstances, "eyJ2IjoiMiJ9");
  return p;
}

void set_counters(benchmark::State& state) {
  state.counters["MB/s"] =
      benchmark::Counter(static_cast<double>(page().size()) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["instances/s"] =
      benchmark::Counter(static_cast<double>(kInstances), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["page_MB"] = static_cast<double>(page().size()) / 1e6;
}

void BM_PugixmlDomWalk(benchmark::State& state) {
  for (auto _ : state) {
    auto instances = rolecall::bench::baseline_dom_walk(page(), "us-east-1");
    if (instances.size() != kInstances) state.SkipWithError("baseline extracted the wrong number of instances");
    benchmark::DoNotOptimize(instances.data());
  }
  set_counters(state);
}
BENCHMARK(BM_PugixmlDomWalk)->Unit(benchmark::kMillisecond);

void BM_RolecallParseDescribeInstances(benchmark::State& state) {
  for (auto _ : state) {
    // The parser consumes its body (a real call moves the response body in); the copy is timed.
    auto r = rolecall::aws::ec2::parse_describe_instances(page(), "us-east-1");
    if (!r || r->instances.size() != kInstances) state.SkipWithError("rolecall parse failed");
    benchmark::DoNotOptimize(r->instances.data());
  }
  set_counters(state);
}
BENCHMARK(BM_RolecallParseDescribeInstances)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  rolecall::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  double baseline = reporter.cpu("BM_PugixmlDomWalk");
  double ours = reporter.cpu("BM_RolecallParseDescribeInstances");
  if (baseline > 0 && ours > 0) {
    std::printf("page: %zu instances, %.2f MB\n", kInstances, static_cast<double>(page().size()) / 1e6);
    std::printf("rolecall parse_describe_instances: %.2f ms/page; pugixml DOM walk: %.2f ms/page; speedup x%.2f\n",
                ours, baseline, baseline / ours);
  }
  return 0;
}
