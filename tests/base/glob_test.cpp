// IAM wildcards: the cases the emulator's policy evaluator and the client's policy analysis each
// tested for their own copy, now for the one glob_match both use.
#include "base/glob.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

struct WildcardCase {
  const char* pattern;
  const char* value;
  bool case_insensitive;
  bool expected;
};

class WildcardTable : public ::testing::TestWithParam<WildcardCase> {};

TEST_P(WildcardTable, Matches) {
  const auto& c = GetParam();
  EXPECT_EQ(glob_match(c.pattern, c.value, c.case_insensitive), c.expected)
      << "pattern '" << c.pattern << "' value '" << c.value << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WildcardTable,
    ::testing::Values(WildcardCase{"*", "", false, true}, WildcardCase{"*", "anything:at/all", false, true},
                      WildcardCase{"", "", false, true}, WildcardCase{"", "x", false, false},
                      WildcardCase{"x", "", false, false}, WildcardCase{"ec2:*", "ec2:DescribeInstances", true, true},
                      WildcardCase{"ec2:*", "ec2:", true, true}, WildcardCase{"ec2:*", "ec:2", true, false},
                      WildcardCase{"EC2:describe*", "ec2:DescribeInstances", true, true},
                      WildcardCase{"EC2:describe*", "ec2:DescribeInstances", false, false},
                      WildcardCase{"iam:*InstanceProfile*", "iam:AddRoleToInstanceProfile", true, true},
                      WildcardCase{"iam:*InstanceProfile*", "iam:ListInstanceProfiles", true, true},
                      WildcardCase{"iam:*InstanceProfile*", "iam:PassRole", true, false},
                      WildcardCase{"iam:Pass?ole", "iam:PassRole", true, true},
                      WildcardCase{"iam:Pass?ole", "iam:PassRRole", true, false}, WildcardCase{"?", "", false, false},
                      WildcardCase{"a*b*c", "aXXbYYc", false, true}, WildcardCase{"a*b*c", "aXXbYY", false, false},
                      WildcardCase{"a*b", "abab", false, true}, WildcardCase{"*b", "aaa", false, false},
                      WildcardCase{"**", "x", false, true},
                      WildcardCase{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key/deep", false, true},
                      WildcardCase{"arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/key", false, false},
                      WildcardCase{"arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/key", true, true}));

TEST(Wildcard, HostilePatternStaysFast) {
  // A recursive matcher is exponential here; the iterative one is at worst |pattern| * |value|.
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  std::string value(20000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(glob_match(pattern, value, false));
  EXPECT_TRUE(glob_match(pattern.substr(0, pattern.size() - 1), value, false));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 5);
}

TEST(GlobMatch, WildcardsAndCase) {
  EXPECT_TRUE(glob_match("*", "anything", false));
  EXPECT_TRUE(glob_match("iam:Pass*", "iam:PassRole", false));
  EXPECT_TRUE(glob_match("IAM:passrole", "iam:PassRole", true));
  EXPECT_FALSE(glob_match("IAM:passrole", "iam:PassRole", false));
  EXPECT_TRUE(glob_match("iam:?assRole", "iam:PassRole", false));
  EXPECT_FALSE(glob_match("s3:*", "iam:PassRole", true));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc", false));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYY", false));
  // Pathological backtracking stays fast (iterative algorithm).
  EXPECT_FALSE(glob_match(std::string(50, '*') + "b", std::string(5000, 'a'), false));
}

TEST(GlobMatch, StarInThePatternIsAlwaysAWildcard) {
  // A value holding '*' (a tag value, a resource id) does not pin the pattern's star to it.
  EXPECT_TRUE(glob_match("*x", "*yx", false));
  EXPECT_TRUE(glob_match("a*", "a*", false));
  EXPECT_FALSE(glob_match("a?", "a", false));
}

}  // namespace
}  // namespace rolecall::base
