// The generated estate must load in the emulator's strict loader (docs/estate-schema.md).

#include <gtest/gtest.h>

#include "emulator/estate/estate_io.h"
#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

class GeneratedEstateLoads : public ::testing::TestWithParam<const char*> {};

TEST_P(GeneratedEstateLoads, InTheEmulatorLoader) {
  auto g = generate(GetParam());
  auto loaded = load_estate_json(g.estate);
  ASSERT_TRUE(loaded) << GetParam() << ": " << loaded.error().message;
  // And after a round trip through text, as `--estate FILE` would read it.
  auto reparsed = load_estate_json(nlohmann::json::parse(g.estate.dump()));
  EXPECT_TRUE(reparsed) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Specs, GeneratedEstateLoads,
                         ::testing::Values("accounts=2,regions=2,instances=60,seed=1",
                                           "accounts=4,regions=17,instances=500,seed=3,compliant=10",
                                           "accounts=1,regions=1,instances=0,org=off",
                                           "accounts=3,regions=2,instances=100,seed=9,org=off,compliant=100"));

}  // namespace
}  // namespace rolecall::emulator
