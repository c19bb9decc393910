#include <string>

#include <gtest/gtest.h>

#include "emulator/generator/generator.h"

namespace rolecall::emulator {
namespace {

TEST(GeneratorSpec, ParsesAllKeys) {
  auto spec = parse_generator_spec("accounts=20,regions=17,instances=100000,seed=42,compliant=30,org=off");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->accounts, 20);
  EXPECT_EQ(spec->regions, 17);
  EXPECT_EQ(spec->instances, 100000);
  EXPECT_EQ(spec->seed, 42u);
  EXPECT_EQ(spec->compliant_percent, 30);
  EXPECT_FALSE(spec->organization);
}

TEST(GeneratorSpec, DefaultsAndPartialSpecs) {
  auto empty = parse_generator_spec("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->accounts, 3);
  EXPECT_EQ(empty->regions, 2);
  EXPECT_EQ(empty->instances, 60);
  EXPECT_EQ(empty->seed, 1u);
  EXPECT_TRUE(empty->organization);
  EXPECT_EQ(empty->compliant_percent, 50);

  auto partial = parse_generator_spec(" instances = 7 , org=on,seed=18446744073709551615");
  ASSERT_TRUE(partial) << partial.error().message;
  EXPECT_EQ(partial->instances, 7);
  EXPECT_EQ(partial->accounts, 3);
  EXPECT_TRUE(partial->organization);
  EXPECT_EQ(partial->seed, 18446744073709551615ull);
}

struct BadSpec {
  const char* text;
  const char* must_mention;
};

class GeneratorSpecErrors : public ::testing::TestWithParam<BadSpec> {};

TEST_P(GeneratorSpecErrors, NameTheProblem) {
  const auto& c = GetParam();
  auto spec = parse_generator_spec(c.text);
  ASSERT_FALSE(spec) << c.text;
  EXPECT_EQ(spec.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(spec.error().message.find(c.must_mention), std::string::npos)
      << "'" << spec.error().message << "' should mention '" << c.must_mention << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GeneratorSpecErrors,
    ::testing::Values(BadSpec{"acounts=3", "'acounts'"}, BadSpec{"accounts=three", "'three'"},
                      BadSpec{"accounts=0", "'accounts'"}, BadSpec{"accounts=1001", "1001"},
                      BadSpec{"regions=18", "'regions'"}, BadSpec{"regions=-1", "'-1'"},
                      BadSpec{"instances=1000001", "'instances'"}, BadSpec{"instances=5x", "'5x'"},
                      BadSpec{"seed=-1", "'seed'"}, BadSpec{"seed=", "'seed'"}, BadSpec{"compliant=101", "'compliant'"},
                      BadSpec{"org=maybe", "'maybe'"}, BadSpec{"accounts", "'accounts'"},
                      BadSpec{"accounts=3,,regions=2", "key=value"}, BadSpec{"accounts=3,accounts=4", "twice"},
                      BadSpec{"accounts=3,", "key=value"}, BadSpec{"instances=99999999999999999999", "'instances'"}));

}  // namespace
}  // namespace rolecall::emulator

namespace rolecall::emulator {
namespace {

TEST(GeneratorSpec, OutOfRangeStructIsHeldToTheParsedBounds) {
  GeneratorSpec spec;
  spec.accounts = 0;
  spec.regions = 99;
  spec.instances = 10;
  spec.compliant_percent = 250;
  auto g = generate_estate(spec);
  EXPECT_EQ(g.estate["accounts"].size(), 1u);
  EXPECT_EQ(g.estate["regions"].size(), 18u);
  EXPECT_EQ(g.mix["compliant"], 10);
  EXPECT_EQ(g.mix.size(), 1u);
}

}  // namespace
}  // namespace rolecall::emulator
