#include "base/spelling.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(EditDistance, CountsEditsAndAdjacentSwaps) {
  EXPECT_EQ(edit_distance("scan", "scan"), 0u);
  EXPECT_EQ(edit_distance("scna", "scan"), 1u);  // a swap is one edit
  EXPECT_EQ(edit_distance("scn", "scan"), 1u);
  EXPECT_EQ(edit_distance("SCAN", "scan"), 0u);
  EXPECT_EQ(edit_distance("", "plan"), 4u);
  EXPECT_EQ(edit_distance("plan", "plane"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("--regin", "--regions"), 2u);
}

TEST(ClosestMatch, SuggestsTyposAndAbbreviationsOnly) {
  const std::vector<std::string> commands = {"apply", "checks", "plan", "rollback", "scan", "scan-files", "whoami"};
  EXPECT_EQ(closest_match("scna", commands), "scan");
  EXPECT_EQ(closest_match("rollbak", commands), "rollback");
  EXPECT_EQ(closest_match("scan-file", commands), "scan-files");
  EXPECT_EQ(closest_match("who", commands), "whoami");  // an abbreviation
  EXPECT_EQ(closest_match("deploy", commands), std::nullopt);
  EXPECT_EQ(closest_match("x", commands), std::nullopt);
  EXPECT_EQ(closest_match("--regin", {"--regions", "--report-dir", "--org"}), "--regions");
  EXPECT_EQ(closest_match("anything", {}), std::nullopt);
}

}  // namespace
}  // namespace rolecall::base
