#include <gtest/gtest.h>

#include <algorithm>

#include "checks/cis.h"
#include "report/common.h"

namespace rolecall::report {
namespace {

TEST(ReportCommon, ValidUtf8ReplacesOnlyInvalidSequences) {
  EXPECT_EQ(valid_utf8("ascii ünï 🚀"), "ascii ünï 🚀");
  EXPECT_EQ(valid_utf8("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("\xF0\x9F\x9A"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
  EXPECT_EQ(xml_text("a\x01\tb\x1f\r\n"), "a\tb\r\n");
}

TEST(ReportCommon, TruncateCountsCodePoints) {
  EXPECT_EQ(truncate_chars("abcdef", 6), "abcdef");
  EXPECT_EQ(truncate_chars("abcdefg", 6), "abc...");
  EXPECT_EQ(truncate_chars("ééééééé", 6), "ééé...");
  EXPECT_EQ(truncate_chars("abcd", 2), "..");
}

TEST(ReportCommon, ResourceArnsAndPartitions) {
  Finding f;
  f.account_id = "123456789012";
  f.region = "us-gov-west-1";
  f.resource_type = "instance";
  f.resource_id = "i-1";
  EXPECT_EQ(resource_arn(f), "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-1");
  f.resource_type = "launch-template";
  f.resource_id = "lt-1:3";
  EXPECT_EQ(resource_arn(f), "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:launch-template/lt-1");
  f.resource_type = "scope";
  f.region = "";
  EXPECT_EQ(resource_arn(f), "arn:aws:::123456789012");
  EXPECT_EQ(aws_resource_type(f), "AwsAccount");
}

TEST(ReportCommon, CisRequirementsFromTheRegistry) {
  const auto reqs = cis_requirements("instance-has-role");
  const std::vector<std::string> expected = {"CIS AWS Foundations Benchmark v1.2.0/1.19",
                                             "CIS AWS Foundations Benchmark v1.4.0/1.18",
                                             "CIS AWS Foundations Benchmark v1.5.0/1.18",
                                             "CIS AWS Foundations Benchmark v2.0.0/1.18",
                                             "CIS AWS Foundations Benchmark v3.0.0/1.18",
                                             "CIS AWS Foundations Benchmark v4.0.0/1.18",
                                             "CIS AWS Foundations Benchmark v5.0.0/1.17",
                                             "CIS AWS Foundations Benchmark v6.0.0/2.17",
                                             "CIS AWS Foundations Benchmark v7.0.0/2.16",
                                             "CIS Controls v8/4.9",
                                             "CIS Controls v7/6.3",
                                             "CIS Controls v7/5.2"};
  EXPECT_EQ(reqs, expected);
  EXPECT_TRUE(cis_requirements("scan").empty());
  EXPECT_EQ(cis_requirements("imdsv2-required").front(), "CIS AWS Foundations Benchmark v2.0.0/5.6");
  const auto admin = cis_requirements("role-not-admin");
  EXPECT_NE(std::find(admin.begin(), admin.end(), "CIS AWS Foundations Benchmark v7.0.0/2.14"), admin.end());
}

TEST(ReportCommon, CisTextLabelsBothLevelsAndMergesVersions) {
  EXPECT_EQ(checks::cis_numbers_text(checks::kCisInstanceRoles),
            "1.19 (v1.2.0), 1.18 (v1.4.0-v4.0.0), 1.17 (v5.0.0), 2.17 (v6.0.0), 2.16 (v7.0.0)");
  EXPECT_EQ(checks::cis_text(checks::kCisImdsv2),
            "CIS recommendation: Level 1; CIS AWS Foundations: Level 1, 5.6 (v2.0.0-v3.0.0), 5.7 (v4.0.0-v5.0.0), "
            "6.7 (v6.0.0-v7.0.0)");
  EXPECT_EQ(checks::kCisInstanceRoles.level, "Level 2");
}

}  // namespace
}  // namespace rolecall::report
