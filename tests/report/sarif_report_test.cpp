#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "checks/registry.h"
#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

nlohmann::json sarif(const ScanResult& result, const RenderOptions& options = {}) {
  std::ostringstream out;
  write_sarif(result, options, out);
  return nlohmann::json::parse(out.str());
}

// The SARIF 2.1.0 schema's required properties and enums for the objects rolecall writes
// (tests/browser validates the whole file against the official schema with ajv).
void expect_required(const nlohmann::json& j, std::initializer_list<const char*> keys, const std::string& where) {
  ASSERT_TRUE(j.is_object()) << where;
  for (const char* k : keys) EXPECT_TRUE(j.contains(k)) << where << " lacks " << k;
}

TEST(SarifReport, HasTheSchemaRequiredStructure) {
  const auto doc = sarif(testing::hostile_result());
  expect_required(doc, {"version", "runs"}, "sarifLog");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const auto& run = doc["runs"][0];
  expect_required(run, {"tool"}, "run");
  expect_required(run["tool"], {"driver"}, "tool");
  expect_required(run["tool"]["driver"], {"name"}, "driver");
  EXPECT_EQ(run["tool"]["driver"]["name"], "rolecall");
  std::set<std::string> rule_ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    expect_required(rule, {"id", "shortDescription", "help"}, "rule");
    expect_required(rule["help"], {"text"}, "rule.help");
    EXPECT_NE(rule["help"]["text"].get<std::string>().find("rolecall checks " + rule["id"].get<std::string>()),
              std::string::npos);
    EXPECT_FALSE(rule.contains("helpUri")) << "no base URL configured: no relative helpUri";
    const std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    rule_ids.insert(rule["id"]);
  }
  EXPECT_EQ(rule_ids.size(), checks::all_checks().size());
  for (const auto& inv : run["invocations"]) expect_required(inv, {"executionSuccessful"}, "invocation");
  for (const auto& r : run["results"]) {
    expect_required(r, {"message", "ruleId", "ruleIndex", "locations", "partialFingerprints", "kind", "level"},
                    "result");
    expect_required(r["message"], {"text"}, "result.message");
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<std::size_t>()]["id"], r["ruleId"]);
    const std::string kind = r["kind"];
    EXPECT_TRUE(kind == "fail" || kind == "review") << kind;
    if (kind != "fail") {
      EXPECT_EQ(r["level"], "none") << "SARIF: level is none unless kind is fail";
    }
    const auto& logical = r["locations"][0]["logicalLocations"][0];
    expect_required(logical, {"fullyQualifiedName", "name", "kind"}, "logicalLocation");
  }
}

TEST(SarifReport, ResultsAreTheNonPassingFindingsWithSuppressionsForMuted) {
  const auto doc = sarif(testing::hostile_result());
  const auto& run = doc["runs"][0];
  // 7 findings: 2 PASS omitted, the failed scope is a notification only.
  ASSERT_EQ(run["results"].size(), 4u);
  std::map<std::string, nlohmann::json> by_rule;
  for (const auto& r : run["results"]) by_rule[r["ruleId"]] = r;
  EXPECT_EQ(by_rule["role-not-admin"]["level"], "error");
  EXPECT_EQ(by_rule["role-not-admin"]["kind"], "fail");
  EXPECT_FALSE(by_rule["role-not-admin"].contains("suppressions"));
  EXPECT_EQ(by_rule["role-not-admin"]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "arn:aws:ec2:us-east-1:111111111111:instance/i-0aaaaaaaaaaaaaaa1");
  EXPECT_NE(by_rule["role-not-admin"]["message"]["text"].get<std::string>().find("<script>"), std::string::npos);
  EXPECT_EQ(by_rule["launch-template-no-keys"]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "arn:aws:ec2:eu-west-1:222222222222:launch-template/lt-0123456789abcdef0");
  EXPECT_EQ(by_rule["user-data-no-keys"]["kind"], "review");
  const auto& muted = by_rule["imdsv2-required"];
  EXPECT_EQ(muted["level"], "note");
  ASSERT_EQ(muted["suppressions"].size(), 1u);
  EXPECT_EQ(muted["suppressions"][0]["kind"], "external");
  EXPECT_EQ(muted["suppressions"][0]["justification"], "accepted until 2027-01-01, ticket <b>SEC-1</b> & \"legacy\"");

  const auto& inv = run["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], false);
  EXPECT_EQ(inv["toolExecutionNotifications"].size(), 2u);
  EXPECT_EQ(inv["startTimeUtc"], "2026-11-24T03:04:05Z");
  EXPECT_EQ(run["properties"]["summary"]["PASS"], 2);
  EXPECT_EQ(run["properties"]["summary"]["MUTED"], 1);
}

TEST(SarifReport, FingerprintsAreStableAndDistinct) {
  const auto a = sarif(testing::hostile_result());
  const auto b = sarif(testing::hostile_result());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a["runs"][0]["results"].size(); ++i) {
    const auto& fa = a["runs"][0]["results"][i]["partialFingerprints"]["rolecallFinding/v1"];
    EXPECT_EQ(fa, b["runs"][0]["results"][i]["partialFingerprints"]["rolecallFinding/v1"]);
    EXPECT_EQ(fa.get<std::string>().size(), 64u);
    seen.insert(fa);
  }
  EXPECT_EQ(seen.size(), a["runs"][0]["results"].size());
}

TEST(SarifReport, HelpUriOnlyWithAnAbsoluteDocsBase) {
  RenderOptions options;
  options.docs_base_url = "https://example.org/rolecall/docs/checks/";
  const auto doc = sarif(ScanResult{}, options);
  for (const auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
    EXPECT_EQ(rule["helpUri"], options.docs_base_url + rule["id"].get<std::string>() + ".md");
  }
  EXPECT_TRUE(doc["runs"][0]["results"].empty());
  EXPECT_EQ(doc["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

}  // namespace
}  // namespace rolecall::report
