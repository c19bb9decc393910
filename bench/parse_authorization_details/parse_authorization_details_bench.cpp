// GetAccountAuthorizationDetails parsing: rolecall's parser (roles, trust and inline policies
// decoded, instance profiles de-duplicated by ARN, managed policies' default documents) against
// the plain pugixml DOM walk extracting the same fields, on a 1,000-role page (~1.5 MB).
// Prints the ratio after the runs. Run: build/bench/bench_parse_authorization_details

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "aws/ops/iam_authorization_details.h"
#include "bench/common/ratio_reporter.h"
#include "bench/parse_authorization_details/baseline_walk.h"
#include "bench/parse_authorization_details/generate_page.h"

namespace {

constexpr std::size_t kRoles = 1000;
constexpr std::size_t kPolicies = 100;

const std::string& page() {
  static const std::string p = rolecall::bench::authorization_details_page(kRoles, kPolicies);
  return p;
}

void set_counters(benchmark::State& state) {
  state.counters["MB/s"] =
      benchmark::Counter(static_cast<double>(page().size()) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["roles/s"] =
      benchmark::Counter(static_cast<double>(kRoles), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["page_MB"] = static_cast<double>(page().size()) / 1e6;
}

void BM_PugixmlDomWalk(benchmark::State& state) {
  for (auto _ : state) {
    auto details = rolecall::bench::baseline_details_walk(page());
    if (details.roles.size() != kRoles || details.policies.size() != kPolicies) {
      state.SkipWithError("baseline extracted the wrong number of entities");
    }
    benchmark::DoNotOptimize(details.roles.data());
  }
  set_counters(state);
}
BENCHMARK(BM_PugixmlDomWalk)->Unit(benchmark::kMillisecond);

void BM_RolecallParseAuthorizationDetails(benchmark::State& state) {
  for (auto _ : state) {
    auto r = rolecall::aws::iam::parse_get_account_authorization_details(page());
    if (!r || r->roles.size() != kRoles || r->profiles.size() != kRoles || r->policies.size() != kPolicies) {
      state.SkipWithError("rolecall parse failed");
    }
    benchmark::DoNotOptimize(r->roles.data());
  }
  set_counters(state);
}
BENCHMARK(BM_RolecallParseAuthorizationDetails)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  rolecall::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const double ours = reporter.cpu("BM_RolecallParseAuthorizationDetails");
  const double dom = reporter.cpu("BM_PugixmlDomWalk");
  if (ours > 0 && dom > 0) {
    std::printf("page: %.2f MB, %zu roles, %zu managed policies\n", static_cast<double>(page().size()) / 1e6, kRoles,
                kPolicies);
    std::printf("rolecall %.2f ms vs pugixml DOM walk %.2f ms per page: %.2fx\n", ours, dom, dom / ours);
  }
  return 0;
}
