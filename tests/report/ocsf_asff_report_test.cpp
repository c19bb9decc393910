#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

nlohmann::json ocsf(const ScanResult& result) {
  std::ostringstream out;
  write_ocsf(result, {}, out);
  return nlohmann::json::parse(out.str());
}

nlohmann::json asff(const ScanResult& result) {
  std::ostringstream out;
  write_asff(result, {}, out);
  return nlohmann::json::parse(out.str());
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(OcsfReport, DetectionFindingRequiredFieldsAndTypes) {
  const ScanResult result = testing::hostile_result();
  const auto doc = ocsf(result);
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), result.findings.size());
  for (const auto& f : doc) {
    for (const char* k : {"activity_id", "category_uid", "class_uid", "severity_id", "status_id", "time", "type_uid"}) {
      ASSERT_TRUE(f.contains(k) && f[k].is_number_integer()) << k;
    }
    EXPECT_EQ(f["class_uid"], 2004);
    EXPECT_EQ(f["category_uid"], 2);
    EXPECT_EQ(f["activity_id"], 1);
    EXPECT_EQ(f["type_uid"], 200401);
    EXPECT_EQ(f["time"], 1795489449250);  // 2026-11-24T03:04:09.250Z
    ASSERT_TRUE(f["finding_info"].is_object());
    EXPECT_TRUE(f["finding_info"]["uid"].is_string());
    EXPECT_TRUE(f["finding_info"]["title"].is_string());
    EXPECT_TRUE(f["metadata"]["product"]["name"].is_string());
    EXPECT_EQ(f["metadata"]["version"], "1.1.0");
    EXPECT_EQ(f["cloud"]["provider"], "AWS");
    ASSERT_EQ(f["resources"].size(), 1u);
    EXPECT_TRUE(f["resources"][0]["uid"].is_string());
    EXPECT_TRUE(f["resources"][0]["type"].is_string());
    const int sev = f["severity_id"];
    EXPECT_TRUE(sev >= 1 && sev <= 5);
  }
}

TEST(OcsfReport, StatusesMapAsProwlerWritesThem) {
  const ScanResult result = testing::hostile_result();
  const auto doc = ocsf(result);
  EXPECT_EQ(doc[0]["status_code"], "PASS");
  EXPECT_EQ(doc[0]["status_id"], 1);
  EXPECT_EQ(doc[1]["status_code"], "FAIL");
  EXPECT_EQ(doc[1]["severity_id"], 5);
  EXPECT_EQ(doc[1]["severity"], "Critical");
  EXPECT_EQ(doc[1]["resources"][0]["uid"], "arn:aws:ec2:us-east-1:111111111111:instance/i-0aaaaaaaaaaaaaaa1");
  EXPECT_EQ(doc[1]["resources"][0]["region"], "us-east-1");
  EXPECT_EQ(doc[1]["cloud"]["account"]["uid"], "111111111111");
  EXPECT_EQ(doc[2]["status_code"], "ERROR");
  EXPECT_EQ(doc[3]["status_id"], 3);
  EXPECT_EQ(doc[3]["status"], "Suppressed");
  EXPECT_EQ(doc[3]["status_code"], "FAIL");
  EXPECT_EQ(doc[3]["unmapped"]["rolecall"]["mute_reason"], result.findings[3].mute_reason);
  EXPECT_EQ(doc[4]["resources"][0]["cloud_partition"], "aws-cn");
  EXPECT_FALSE(doc[5]["resources"][0].contains("region")) << "an account-wide scope has no region";
}

TEST(AsffReport, BatchImportFindingsRequiredFields) {
  const ScanResult result = testing::hostile_result();
  const auto doc = asff(result);
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), result.findings.size());
  for (const auto& f : doc) {
    for (const char* k : {"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt",
                          "Title", "Description"}) {
      ASSERT_TRUE(f.contains(k) && f[k].is_string()) << k;
    }
    EXPECT_EQ(f["SchemaVersion"], "2018-10-08");
    EXPECT_LE(code_points(f["Id"]), 512u);
    EXPECT_LE(code_points(f["Title"]), 256u);
    EXPECT_LE(code_points(f["Description"]), 1024u);
    EXPECT_EQ(f["CreatedAt"], "2026-11-24T03:04:09.250Z");
    ASSERT_TRUE(f["Types"].is_array() && !f["Types"].empty());
    ASSERT_TRUE(f["Severity"]["Label"].is_string());
    ASSERT_TRUE(f["Resources"].is_array() && f["Resources"].size() == 1);
    for (const char* k : {"Type", "Id", "Partition", "Region"}) EXPECT_TRUE(f["Resources"][0][k].is_string()) << k;
    const std::string account = f["AwsAccountId"];
    const std::string region = f["Region"];
    EXPECT_EQ(f["ProductArn"], "arn:" + f["Resources"][0]["Partition"].get<std::string>() + ":securityhub:" + region +
                                   ":" + account + ":product/" + account + "/default");
    EXPECT_EQ(f["RecordState"], "ACTIVE");
  }
}

TEST(AsffReport, ComplianceWorkflowAndResources) {
  const ScanResult result = testing::hostile_result();
  const auto doc = asff(result);
  EXPECT_EQ(doc[0]["Compliance"]["Status"], "PASSED");
  EXPECT_EQ(doc[0]["Resources"][0]["Type"], "AwsEc2Instance");
  EXPECT_EQ(doc[1]["Compliance"]["Status"], "FAILED");
  EXPECT_EQ(doc[1]["Severity"]["Label"], "CRITICAL");
  EXPECT_EQ(doc[1]["Workflow"]["Status"], "NEW");
  const auto& reqs = doc[1]["Compliance"]["RelatedRequirements"];
  EXPECT_NE(std::find(reqs.begin(), reqs.end(), "CIS AWS Foundations Benchmark v1.4.0/1.16"), reqs.end())
      << reqs.dump();
  EXPECT_NE(std::find(reqs.begin(), reqs.end(), "CIS Controls v8/4.9"), reqs.end()) << reqs.dump();
  EXPECT_EQ(doc[2]["Compliance"]["Status"], "NOT_AVAILABLE");
  EXPECT_EQ(doc[3]["Workflow"]["Status"], "SUPPRESSED");
  EXPECT_EQ(doc[3]["Note"]["Text"], result.findings[3].mute_reason);
  EXPECT_EQ(doc[4]["Resources"][0]["Partition"], "aws-cn");
  EXPECT_EQ(doc[5]["Region"], "us-east-1") << "account-wide scope falls back to us-east-1";
  EXPECT_EQ(doc[5]["Resources"][0]["Type"], "AwsAccount");
  EXPECT_EQ(doc[6]["Resources"][0]["Type"], "AwsEc2LaunchTemplate");
  EXPECT_EQ(doc[6]["Resources"][0]["Id"], "arn:aws:ec2:eu-west-1:222222222222:launch-template/lt-0123456789abcdef0");
}

TEST(AsffReport, AnOrganizationLevelErrorCarriesTheCallersAccount) {
  ScanResult result = testing::hostile_result();
  result.findings.resize(1);
  result.findings[0].account_id = "111111111111-organization";  // --org could not list the accounts
  result.findings[0].region.clear();
  result.findings[0].status = Status::kError;
  const auto doc = asff(result);
  EXPECT_EQ(doc[0]["AwsAccountId"], "111111111111");
  EXPECT_EQ(doc[0]["ProductArn"], "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default");
  EXPECT_EQ(asff_findings(result, {}), doc.get<std::vector<nlohmann::json>>()) << "the export sends the same objects";
}

TEST(AsffReport, LongTextIsCutToTheLimits) {
  ScanResult result = testing::hostile_result();
  result.findings.resize(2);
  result.findings[1].message = std::string(3000, 'x') + "é";
  result.findings[1].resource_id = "i-" + std::string(600, 'f');
  const auto doc = asff(result);
  EXPECT_EQ(code_points(doc[1]["Description"]), 1024u);
  EXPECT_TRUE(doc[1]["Description"].get<std::string>().ends_with("..."));
  EXPECT_LE(code_points(doc[1]["Id"]), 512u);
}

}  // namespace
}  // namespace rolecall::report
