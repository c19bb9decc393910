#include "aws/ops/securityhub_findings.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/protocol/errors.h"
#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::securityhub {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;

nlohmann::json body_of(const ServiceCall& call) { return nlohmann::json::parse(call.json_body); }

nlohmann::json findings(std::size_t n) {
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i) list.push_back({{"Id", "f" + std::to_string(i)}});
  return list;
}

TEST(BatchImportFindings, RequestShape) {
  const ServiceCall call = batch_import_findings_call("eu-west-1", findings(2));
  EXPECT_EQ(call.service, "securityhub");
  EXPECT_EQ(call.region, "eu-west-1");
  EXPECT_EQ(call.protocol, Protocol::kRestJson);
  EXPECT_EQ(call.rest_path, "/findings/import");
  EXPECT_EQ(call.action, "BatchImportFindings");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(body_of(call), (nlohmann::json{{"Findings", findings(2)}}));
}

TEST(BatchImportFindings, ParsesPartialFailure) {
  auto r = parse_batch_import_findings(aws_fixture("securityhub/batch_import_partial.json"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->success_count, 2);
  EXPECT_EQ(r->failed_count, 1);
  ASSERT_EQ(r->failures.size(), 1u);
  EXPECT_EQ(r->failures[0].id, "rolecall/instance-has-role/111111111111-organization/global/scan");
  EXPECT_EQ(r->failures[0].error_code, "InvalidInput");
  EXPECT_NE(r->failures[0].error_message.find("AwsAccountId"), std::string::npos);
  auto ok = parse_batch_import_findings(aws_fixture("securityhub/batch_import_ok.json"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->success_count, 100);
  EXPECT_TRUE(ok->failures.empty());
}

TEST(BatchImportFindings, MalformedBodies) {
  for (const std::string& bad : {std::string(), std::string("[]"), std::string(R"({"SuccessCount":1})"),
                                 std::string(R"({"SuccessCount":"1","FailedCount":0})"),
                                 std::string(R"({"SuccessCount":0,"FailedCount":1,"FailedFindings":[]})"),
                                 std::string(R"({"SuccessCount":0,"FailedCount":1,"FailedFindings":[{"Id":"x"}]})")}) {
    auto r = parse_batch_import_findings(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kParse) << bad;
    EXPECT_NE(r.error().message.find("securityhub:BatchImportFindings"), std::string::npos) << r.error().message;
  }
}

TEST(BatchImportFindings, MoreThanOneHundredIsRefusedBeforeAnyCall) {
  FakeAwsCaller caller;
  auto r = testing::run<BatchImportFindingsResponse>(
      [&](auto done) { batch_import_findings(caller, "us-east-1", findings(kMaxImportBatch + 1), done); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(caller.calls.empty());
}

TEST(BatchImportFindings, SendsTheBatchAndNamesErrors) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("securityhub/batch_import_partial.json"));
  auto r = testing::run<BatchImportFindingsResponse>(
      [&](auto done) { batch_import_findings(caller, "us-east-1", findings(3), done); });
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(caller.calls.size(), 1u);
  EXPECT_EQ(body_of(caller.calls[0])["Findings"].size(), 3u);

  caller.reply_json_error(401, aws_fixture("securityhub/error_invalid_access.json"));
  auto off = testing::run<BatchImportFindingsResponse>(
      [&](auto done) { batch_import_findings(caller, "us-east-1", findings(1), done); });
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, "InvalidAccessException");
  EXPECT_EQ(off.error().message.rfind("securityhub:BatchImportFindings: ", 0), 0u) << off.error().message;
}

TEST(SecurityHubErrors, LimitExceededIsThrottlingAndTheHeaderNamesTheCode) {
  Error limit = parse_json_error(429, aws_fixture("securityhub/error_limit_exceeded.json"));
  EXPECT_EQ(limit.code, "LimitExceededException");
  EXPECT_EQ(limit.kind, ErrorKind::kThrottled);
  EXPECT_TRUE(is_throttling_code(limit.code));
  Error denied =
      parse_json_error(403, aws_fixture("securityhub/error_access_denied.json"), "AccessDeniedException:http://x/");
  EXPECT_EQ(denied.code, "AccessDeniedException");
  EXPECT_EQ(denied.kind, ErrorKind::kAccessDenied);
  EXPECT_NE(denied.message.find("securityhub:BatchImportFindings"), std::string::npos);
}

TEST(GetFindings, RequestShape) {
  GetFindingsRequest request;
  request.region = "us-east-1";
  request.filters["RecordState"] = {{"ACTIVE", "EQUALS"}};
  request.filters["GeneratorId"] = {{"rolecall-", "PREFIX"}};
  request.max_results = 100;
  request.next_token = "tok";
  const ServiceCall call = get_findings_call(request);
  EXPECT_EQ(call.rest_path, "/findings");
  EXPECT_EQ(call.protocol, Protocol::kRestJson);
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(body_of(call), (nlohmann::json{{"Filters",
                                            {{"GeneratorId", {{{"Value", "rolecall-"}, {"Comparison", "PREFIX"}}}},
                                             {"RecordState", {{{"Value", "ACTIVE"}, {"Comparison", "EQUALS"}}}}}},
                                           {"MaxResults", 100},
                                           {"NextToken", "tok"}}));
  EXPECT_EQ(get_findings_call({}).json_body, "{}");
}

TEST(GetFindings, AllPagesFollowNextTokenAndKeepFindingsWhole) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("securityhub/get_findings_page1.json"));
  caller.reply(aws_fixture("securityhub/get_findings_page2.json"));
  GetFindingsRequest request;
  request.region = "us-east-1";
  auto all = testing::run<GetFindingsResponse>([&](auto done) { get_findings_all(caller, request, done); });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->findings.size(), 2u);
  EXPECT_EQ(all->findings[0]["ProcessedAt"], "2026-12-05T10:00:01.123Z");  // unknown members kept
  EXPECT_EQ(all->findings[1]["Region"], "eu-west-1");
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_FALSE(body_of(caller.calls[0]).contains("NextToken"));
  EXPECT_EQ(body_of(caller.calls[1])["NextToken"], "eyJuZXh0IjoxfQ==");
}

TEST(GetFindings, MalformedBodiesAndErrors) {
  for (const std::string& bad : {std::string("{"), std::string("{}"), std::string(R"({"Findings":{}})"),
                                 std::string(R"({"Findings":[{"Id":"x"}]})"), std::string(R"({"Findings":[1]})")}) {
    auto r = parse_get_findings(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kParse) << bad;
  }
  FakeAwsCaller caller;
  caller.reply(aws_fixture("securityhub/get_findings_page1.json"));
  caller.reply_json_error(401, aws_fixture("securityhub/error_invalid_access.json"));
  auto r = testing::run<GetFindingsResponse>([&](auto done) { get_findings_all(caller, {}, done); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "InvalidAccessException");
  EXPECT_NE(r.error().message.find("securityhub:GetFindings"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace rolecall::aws::securityhub
