#include <chrono>
#include <cstdio>
#include <ctime>

#include <gtest/gtest.h>

#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

TEST(GeneratorDeterminism, SameSpecSameBytes) {
  auto a = generate("accounts=3,regions=3,instances=300,seed=7");
  auto b = generate("accounts=3,regions=3,instances=300,seed=7");
  EXPECT_EQ(a.estate.dump(), b.estate.dump());
  EXPECT_EQ(a.truth.dump(), b.truth.dump());
  EXPECT_EQ(a.mix, b.mix);
}

TEST(GeneratorDeterminism, KeyOrderInSpecDoesNotMatter) {
  auto a = generate("accounts=2,regions=2,instances=50,seed=3");
  auto b = generate("seed=3,instances=50,regions=2,accounts=2");
  EXPECT_EQ(a.estate.dump(), b.estate.dump());
}

TEST(GeneratorDeterminism, DifferentSeedOrSpecDiffers) {
  auto base = generate("accounts=2,regions=2,instances=60,seed=1");
  auto seed2 = generate("accounts=2,regions=2,instances=60,seed=2");
  auto org_off = generate("accounts=2,regions=2,instances=60,seed=1,org=off");
  EXPECT_NE(base.estate.dump(), seed2.estate.dump());
  EXPECT_NE(base.truth.dump(), seed2.truth.dump());
  EXPECT_NE(base.estate.dump(), org_off.estate.dump());
  // Account ids come from the seed too.
  EXPECT_NE(base.estate["accounts"][0]["id"], seed2.estate["accounts"][0]["id"]);
}

// A measurement, not a test: off by default (run with --gtest_also_run_disabled_tests); it moves
// to bench/ with the scan benchmark.
TEST(GeneratorPerformance, DISABLED_HundredThousandInstances) {
  GeneratorSpec spec;
  spec.accounts = 20;
  spec.regions = 17;
  spec.instances = 100000;
  spec.seed = 1;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  auto estate = generate_estate(spec);
  std::clock_t cpu_end = std::clock();
  auto generated = std::chrono::steady_clock::now();
  auto dump = estate.estate.dump();
  auto dumped = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;
  // CPU time too: on a shared machine wall time mostly measures the neighbours.
  std::printf(
      "[ perf     ] 100k instances, 20 accounts x 17 regions: generate %lld ms wall (%.0f ms CPU), "
      "dump %lld ms, %zu bytes, %zu truth rows\n",
      static_cast<long long>(std::chrono::duration_cast<ms>(generated - start).count()),
      1000.0 * static_cast<double>(cpu_end - cpu_start) / CLOCKS_PER_SEC,
      static_cast<long long>(std::chrono::duration_cast<ms>(dumped - generated).count()), dump.size(),
      estate.truth["findings"].size());
  std::size_t instances = 0;
  for (const auto& account : estate.estate["accounts"]) instances += account["instances"].size();
  EXPECT_EQ(instances, 100000u);
}

}  // namespace
}  // namespace rolecall::emulator
