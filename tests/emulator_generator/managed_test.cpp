// managed=P: CloudFormation tags on a share of the instances, from a random stream of their own, so
// the estate and truth of a seed without it are unchanged and its verdicts do not move.

#include <cctype>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

TEST(GeneratorManaged, TagsAShareOfInstancesLikeCloudFormationDoes) {
  auto g = generate("accounts=2,regions=2,instances=400,seed=3,managed=30");
  int tagged = 0, total = 0;
  std::map<std::string, std::set<std::string>> ids_by_stack;
  for (const auto& account : g.estate["accounts"]) {
    for (const auto& i : account["instances"]) {
      ++total;
      const auto& tags = i["tags"];
      if (!tags.contains("aws:cloudformation:stack-name")) continue;
      ++tagged;
      const std::string stack = tags["aws:cloudformation:stack-name"];
      const std::string id = tags["aws:cloudformation:stack-id"];
      EXPECT_EQ(stack, tags["team"].get<std::string>() + "-" + i["region"].get<std::string>());
      EXPECT_TRUE(id.starts_with("arn:aws:cloudformation:" + i["region"].get<std::string>() + ":" +
                                 account["id"].get<std::string>() + ":stack/" + stack + "/"))
          << id;
      const std::string logical = tags["aws:cloudformation:logical-id"];
      ASSERT_FALSE(logical.empty());
      for (char c : logical) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << logical;
      ids_by_stack[account["id"].get<std::string>() + stack].insert(id);
    }
  }
  EXPECT_EQ(g.mix["cloudformation-managed"], tagged);
  EXPECT_GT(tagged, total * 20 / 100);
  EXPECT_LT(tagged, total * 40 / 100);
  for (const auto& [stack, ids] : ids_by_stack) EXPECT_EQ(ids.size(), 1u) << stack << ": one stack, one id";
}

TEST(GeneratorManaged, DefaultsToNoneAndChangesNothingElse) {
  auto plain = generate("accounts=2,regions=2,instances=300,seed=9");
  auto managed = generate("accounts=2,regions=2,instances=300,seed=9,managed=50");
  EXPECT_EQ(plain.truth, managed.truth);
  EXPECT_FALSE(plain.mix.contains("cloudformation-managed"));
  ASSERT_EQ(plain.estate["accounts"].size(), managed.estate["accounts"].size());
  for (std::size_t a = 0; a < plain.estate["accounts"].size(); ++a) {
    auto& p = plain.estate["accounts"][a]["instances"];
    auto m = managed.estate["accounts"][a]["instances"];
    ASSERT_EQ(p.size(), m.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      for (const char* key :
           {"aws:cloudformation:stack-name", "aws:cloudformation:stack-id", "aws:cloudformation:logical-id"}) {
        EXPECT_FALSE(p[i]["tags"].contains(key));
        m[i]["tags"].erase(key);
      }
      EXPECT_EQ(p[i], m[i]);
    }
  }
}

TEST(GeneratorManaged, RejectsAnOutOfRangeShare) {
  EXPECT_FALSE(parse_generator_spec("managed=101"));
  EXPECT_FALSE(parse_generator_spec("managed=-1"));
  auto ok = parse_generator_spec("managed=12");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->managed_percent, 12);
}

}  // namespace
}  // namespace rolecall::emulator
