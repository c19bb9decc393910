// Security Hub (REST-JSON): BatchImportFindings validation, upsert and archive, GetFindings
// filters and pages, the not-enabled, denied, throttled and unknown-route errors, and findings in
// the state dump.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture.h"

namespace rolecall::testing {
namespace {

using nlohmann::json;

constexpr const char* kProduct = "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default";

json finding(const std::string& id, const std::string& status = "FAILED", const std::string& account = "111111111111") {
  return {{"SchemaVersion", "2018-10-08"},
          {"Id", id},
          {"ProductArn", kProduct},
          {"GeneratorId", "rolecall-instance-has-role"},
          {"AwsAccountId", account},
          {"Region", "us-east-1"},
          {"CreatedAt", "2026-01-01T10:00:00Z"},
          {"UpdatedAt", "2026-01-01T10:00:00Z"},
          {"Title", "Instance has an IAM role"},
          {"Description", "No instance profile is associated."},
          {"Resources", {{{"Type", "AwsEc2Instance"}, {"Id", "arn:aws:ec2:us-east-1:111111111111:instance/" + id}}}},
          {"Compliance", {{"Status", status}}}};
}

class SecurityHub : public EmulatorTest {
 public:
  void SetUp() override { start_with_hub({}); }

  void start_with_hub(emulator::EmulatorOptions options) {
    json estate = test_estate();
    estate["accounts"][0]["security_hub_regions"] = {"us-east-1"};
    options.estate = estate;
    start(options);
  }

  Answer import(const json& findings, const Identity& who = admin_identity(), const std::string& region = "us-east-1") {
    return rest_json(who, "securityhub", "/findings/import", {{"Findings", findings}}, region);
  }
  json get(const json& body, const Identity& who = admin_identity()) {
    // `get({})` is a null json: send the empty object a client sends.
    Answer a = rest_json(who, "securityhub", "/findings", body.is_null() ? json::object() : body);
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body, nullptr, false);
  }
  static std::vector<std::string> ids(const json& page) {
    std::vector<std::string> out;
    for (const auto& f : page["Findings"]) out.push_back(f["Id"]);
    return out;
  }
};

json eq(const std::string& value, const std::string& comparison = "EQUALS") {
  return json::array({{{"Value", value}, {"Comparison", comparison}}});
}

TEST_F(SecurityHub, ImportsValidFindingsAndListsRefusedOnes) {
  json bad_account = finding("f-org");
  bad_account["AwsAccountId"] = "111111111111-organization";
  json no_title = finding("f-title");
  no_title.erase("Title");
  json bad_time = finding("f-time");
  bad_time["UpdatedAt"] = "yesterday";
  json other_region = finding("f-region");
  other_region["ProductArn"] = "arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default";
  json other_product = finding("f-product");
  other_product["ProductArn"] = "arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default";
  Answer a = import(json::array({finding("f-1"), bad_account, finding("f-2"), no_title, bad_time, other_region,
                                 other_product, finding("f-dev", "FAILED", "222222222222")}));
  ASSERT_EQ(a.status, 200) << a.body;
  json body = json::parse(a.body);
  // The management account (Security Hub administrator) may import for a member account.
  EXPECT_EQ(body["SuccessCount"], 3);
  EXPECT_EQ(body["FailedCount"], 5);
  std::map<std::string, std::string> codes;
  for (const auto& f : body["FailedFindings"]) codes[f["Id"]] = f["ErrorCode"];
  EXPECT_EQ(codes, (std::map<std::string, std::string>{{"f-org", "InvalidInput"},
                                                       {"f-title", "InvalidInput"},
                                                       {"f-time", "InvalidInput"},
                                                       {"f-region", "AccessDeniedException"},
                                                       {"f-product", "AccessDeniedException"}}));
  EXPECT_EQ(ids(get({})), (std::vector<std::string>{"f-1", "f-2", "f-dev"}));
}

TEST_F(SecurityHub, AMemberAccountMayNotImportForAnother) {
  json estate = test_estate();
  estate["accounts"][1]["security_hub_regions"] = {"us-east-1"};
  emulator::EmulatorOptions options;
  options.estate = estate;
  start(options);
  json f = finding("f-1");
  f["ProductArn"] = "arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default";
  json body = json::parse(import(json::array({f}), dev_identity()).body);
  EXPECT_EQ(body["FailedCount"], 1);
  EXPECT_EQ(body["FailedFindings"][0]["ErrorCode"], "AccessDeniedException");
}

TEST_F(SecurityHub, ImportIsAnUpsertKeepingCreatedAtAndArchives) {
  ASSERT_EQ(import(json::array({finding("f-1"), finding("f-2")})).status, 200);
  json again = finding("f-1", "PASSED");
  again["CreatedAt"] = "2026-01-02T10:00:00Z";
  again["UpdatedAt"] = "2026-01-02T10:00:00Z";
  again["RecordState"] = "ARCHIVED";
  ASSERT_EQ(json::parse(import(json::array({again})).body)["SuccessCount"], 1);
  json all = get({});
  ASSERT_EQ(all["Findings"].size(), 2u);
  const json& f1 = all["Findings"][0];
  EXPECT_EQ(f1["CreatedAt"], "2026-01-01T10:00:00Z");
  EXPECT_EQ(f1["UpdatedAt"], "2026-01-02T10:00:00Z");
  EXPECT_EQ(f1["RecordState"], "ARCHIVED");
  EXPECT_EQ(all["Findings"][1]["RecordState"], "ACTIVE");  // the default
  EXPECT_EQ(ids(get({{"Filters", {{"RecordState", eq("ACTIVE")}}}})), std::vector<std::string>{"f-2"});
  EXPECT_EQ(ids(get({{"Filters", {{"ComplianceStatus", eq("PASSED")}}}})), std::vector<std::string>{"f-1"});
}

TEST_F(SecurityHub, FiltersAndPages) {
  json findings = json::array();
  for (int i = 0; i < 5; ++i) findings.push_back(finding("rolecall/x/" + std::to_string(i)));
  json other = finding("other/1");
  other["GeneratorId"] = "prowler-check";
  findings.push_back(other);
  findings.push_back(finding("rolecall/dev", "FAILED", "222222222222"));
  ASSERT_EQ(json::parse(import(findings).body)["SuccessCount"], 7);

  json rolecall = {
      {"ProductArn", eq(kProduct)}, {"GeneratorId", eq("rolecall-", "PREFIX")}, {"AwsAccountId", eq("111111111111")}};
  EXPECT_EQ(get({{"Filters", rolecall}})["Findings"].size(), 5u);
  EXPECT_EQ(ids(get({{"Filters", {{"Id", eq("other/", "PREFIX")}}}})), std::vector<std::string>{"other/1"});
  EXPECT_EQ(get({{"Filters", {{"Id", eq("rolecall/", "PREFIX_NOT_EQUALS")}}}})["Findings"].size(), 1u);
  // Positive comparisons of one attribute are joined by OR.
  json either = {
      {"Id",
       {{{"Value", "rolecall/x/1"}, {"Comparison", "EQUALS"}}, {{"Value", "rolecall/x/2"}, {"Comparison", "EQUALS"}}}}};
  EXPECT_EQ(ids(get({{"Filters", either}})), (std::vector<std::string>{"rolecall/x/1", "rolecall/x/2"}));

  std::vector<std::string> paged;
  json page = get({{"Filters", rolecall}, {"MaxResults", 2}});
  int pages = 1;
  for (;;) {
    for (const auto& id : ids(page)) paged.push_back(id);
    if (!page.contains("NextToken")) break;
    page = get({{"Filters", rolecall}, {"MaxResults", 2}, {"NextToken", page["NextToken"]}});
    ++pages;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(paged.size(), 5u);
  // A token belongs to its filters.
  json first = get({{"Filters", rolecall}, {"MaxResults", 2}});
  Answer foreign = rest_json(admin_identity(), "securityhub", "/findings", {{"NextToken", first["NextToken"]}});
  EXPECT_EQ(foreign.status, 400);
  EXPECT_NE(foreign.body.find("InvalidInputException"), std::string::npos);
}

TEST_F(SecurityHub, RequestErrors) {
  json many = json::array();
  for (int i = 0; i < 101; ++i) many.push_back(finding("f" + std::to_string(i)));
  Answer too_many = import(many);
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(json::parse(too_many.body)["Code"], "InvalidInputException");

  Answer off = import(json::array({finding("f")}), admin_identity(), "eu-west-1");
  EXPECT_EQ(off.status, 401);
  EXPECT_EQ(json::parse(off.body)["Code"], "InvalidAccessException");

  Answer denied = import(json::array({finding("f")}), nobody_identity());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(json::parse(denied.body)["Code"], "AccessDeniedException");
  // ReadOnlyAccess reads findings but may not import them.
  EXPECT_EQ(import(json::array({finding("f")}), reader_identity()).status, 403);
  EXPECT_EQ(get({}, reader_identity())["Findings"].size(), 0u);

  Answer filter = rest_json(admin_identity(), "securityhub", "/findings", {{"Filters", {{"Nope", eq("x")}}}});
  EXPECT_EQ(filter.status, 400);
  Answer unknown = rest_json(admin_identity(), "securityhub", "/findings/unknown", json::object());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(json::parse(unknown.body)["Code"], "UnknownOperationException");
}

TEST_F(SecurityHub, BatchImportIsThrottledAtItsDocumentedRate) {
  emulator::EmulatorOptions options;
  options.throttle = true;
  start_with_hub(options);
  for (int i = 0; i < 30; ++i) ASSERT_EQ(import(json::array()).status, 200) << i;  // burst 30
  Answer limited = import(json::array());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(json::parse(limited.body)["Code"], "LimitExceededException");
  EXPECT_EQ(get({})["Findings"].size(), 0u);  // GetFindings has its own bucket
  advance(std::chrono::seconds(1));           // 10 per second
  for (int i = 0; i < 10; ++i) EXPECT_EQ(import(json::array()).status, 200) << i;
  EXPECT_EQ(import(json::array()).status, 429);
}

TEST_F(SecurityHub, FindingsAreInTheStateDumpAndLoadBack) {
  ASSERT_EQ(import(json::array({finding("f-1")})).status, 200);
  json state = emu_->dump_state();
  const json& prod = state["accounts"][0];
  EXPECT_EQ(prod["security_hub_regions"], json::array({"us-east-1"}));
  ASSERT_EQ(prod["security_hub_findings"].size(), 1u);
  EXPECT_EQ(prod["security_hub_findings"][0]["Id"], "f-1");
  ASSERT_TRUE(emu_->load_estate(state));
  EXPECT_EQ(ids(get({})), std::vector<std::string>{"f-1"});
  state["accounts"][0]["security_hub_findings"].push_back(prod["security_hub_findings"][0]);
  EXPECT_FALSE(emu_->load_estate(state));  // the same (ProductArn, Id) twice
  state["accounts"][0]["security_hub_regions"] = {"mars-1"};
  EXPECT_FALSE(emu_->load_estate(state));
}

}  // namespace
}  // namespace rolecall::testing
