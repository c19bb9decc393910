// The report's view: --status/--severity/--account/--tag filters, the context (instance Name tag,
// --tags values, account names) and how every format shows both.
#include "report/view.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/common.h"
#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

using nlohmann::json;

// Two instances in account 111111111111 (i-...1 named "web-1", team=payments; i-...2 unnamed,
// team=search), the named account, and no IAM for 222222222222.
Inventory estate() {
  Inventory inventory;
  inventory.accounts["111111111111"].account_id = "111111111111";
  inventory.accounts["111111111111"].account_name = "prod";
  inventory.accounts["222222222222"].account_id = "222222222222";
  RegionInventory region;
  region.account_id = "111111111111";
  region.region = "us-east-1";
  Instance web;
  web.id = "i-0aaaaaaaaaaaaaaa1";
  web.account_id = "111111111111";
  web.region = "us-east-1";
  web.tags = {{"Name", "web-1"}, {"team", "payments"}, {"env", "prod"}};
  Instance other = web;
  other.id = "i-0bbbbbbbbbbbbbbb2";
  other.tags = {{"team", "search"}};
  region.instances = {web, other};
  inventory.regions.push_back(region);
  return inventory;
}

ReportFilters filters(std::vector<std::string> status, std::vector<std::string> severity,
                      std::vector<std::string> account, std::vector<std::string> tag) {
  auto parsed = parse_filters(status, severity, account, tag);
  EXPECT_TRUE(parsed.has_value());
  return parsed ? *parsed : ReportFilters{};
}

std::string render_view(const std::string& format, const ScanResult& result) {
  std::ostringstream out;
  RenderOptions options;
  EXPECT_TRUE(write_format(format, result, options, out));
  return out.str();
}

TEST(ReportView, ParsesFlagsAndRejectsUnknownValues) {
  auto f = filters({"fail", "ERROR"}, {">=high"}, {"111111111111"}, {"team=payments"});
  EXPECT_EQ(f.statuses, (std::vector<Status>{Status::kFail, Status::kError}));
  EXPECT_EQ(f.severities, (std::vector<Severity>{Severity::kHigh, Severity::kCritical}));
  ASSERT_EQ(f.tags.size(), 1u);
  EXPECT_EQ(f.tags[0].first, "team");
  EXPECT_EQ(f.tags[0].second, "payments");
  EXPECT_EQ(filters_text(f), "--status FAIL,ERROR --severity high,critical --account 111111111111 --tag team=payments");

  for (auto bad :
       {parse_filters({"BROKEN"}, {}, {}, {}), parse_filters({}, {"severe"}, {}, {}),
        parse_filters({}, {">=x"}, {}, {}), parse_filters({}, {}, {}, {"team"}), parse_filters({}, {}, {}, {"=v"})}) {
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
  }
}

TEST(ReportView, FiltersNarrowTheFindingsAndCountWhatTheyHid) {
  ScanResult result = testing::hostile_result();
  const std::size_t all = result.findings.size();
  apply_filters(result, filters({"FAIL", "ERROR"}, {"critical"}, {}, {}), estate());
  ASSERT_FALSE(result.findings.empty());
  for (const auto& f : result.findings) {
    EXPECT_TRUE(f.status == Status::kFail || f.status == Status::kError);
    EXPECT_EQ(f.severity, Severity::kCritical);
  }
  EXPECT_EQ(result.hidden, all - result.findings.size());
  EXPECT_GT(result.hidden_errors, 0u);  // the failed scope of 222222222222 (high) is hidden
}

TEST(ReportView, TagFilterKeepsOnlyInstancesCarryingEveryTag) {
  ScanResult result = testing::hostile_result();
  apply_filters(result, filters({}, {}, {}, {"team=payments", "env=prod"}), estate());
  ASSERT_FALSE(result.findings.empty());
  for (const auto& f : result.findings) EXPECT_EQ(f.resource_id, "i-0aaaaaaaaaaaaaaa1");

  ScanResult none = testing::hostile_result();
  apply_filters(none, filters({}, {}, {}, {"team=payments", "env=dev"}), estate());
  EXPECT_TRUE(none.findings.empty());
}

TEST(ReportView, ExitCodeFollowsTheFilteredFailsButNotHiddenErrors) {
  ScanResult result = testing::hostile_result();
  ASSERT_EQ(exit_code_for(result, Severity::kLow), ExitCode::kFindings);
  ScanResult low_only = testing::hostile_result();
  apply_filters(low_only, filters({}, {"low"}, {}, {}), estate());         // hides the FAILs and the ERRORs
  EXPECT_EQ(exit_code_for(low_only, Severity::kLow), ExitCode::kPartial);  // hidden ERRORs: still partial

  ScanResult passes = testing::hostile_result();
  std::erase_if(passes.findings, [](const Finding& f) { return f.status == Status::kError; });
  apply_filters(passes, filters({"PASS"}, {}, {}, {}), estate());
  EXPECT_EQ(exit_code_for(passes, Severity::kLow), ExitCode::kOk);  // the FAIL is filtered out
}

TEST(ReportView, ContextFillsEveryFindingOfALargeScan) {
  // Enough findings for several of add_context's blocks: each gets its own instance's context,
  // whichever thread filled it.
  Inventory inventory;
  RegionInventory region;
  region.account_id = "111111111111";
  region.region = "us-east-1";
  ScanResult result;
  constexpr int kInstances = 6000;
  for (int i = 0; i < kInstances; ++i) {
    Instance instance;
    instance.id = fmt::format("i-{:017x}", i);
    instance.account_id = "111111111111";
    instance.region = "us-east-1";
    instance.tags = {{"Name", fmt::format("node-{}", i)}, {"team", fmt::format("team-{}", i % 7)}};
    region.instances.push_back(instance);
    for (const char* check : {"instance-has-role", "imdsv2-required"}) {
      Finding f;
      f.check_id = check;
      f.account_id = "111111111111";
      f.region = "us-east-1";
      f.resource_type = "instance";
      f.resource_id = instance.id;
      result.findings.push_back(f);
    }
  }
  Finding scope;
  scope.check_id = "scan";
  scope.account_id = "111111111111";
  scope.resource_type = "scope";
  scope.resource_id = "111111111111";
  result.findings.push_back(scope);
  inventory.regions.push_back(region);

  add_context(result, inventory, {"team", "absent"});
  ASSERT_EQ(result.findings.size(), 2u * kInstances + 1);
  for (std::size_t i = 0; i + 1 < result.findings.size(); ++i) {
    const int n = static_cast<int>(i / 2);
    const Finding& f = result.findings[i];
    ASSERT_EQ(f.resource_name, fmt::format("node-{}", n)) << i;
    ASSERT_EQ(f.tag_values, (std::vector<std::string>{fmt::format("team-{}", n % 7), ""})) << i;
  }
  EXPECT_EQ(result.findings.back().resource_name, "");
  EXPECT_EQ(result.findings.back().tag_values, (std::vector<std::string>{"", ""}));
}

TEST(ReportView, ContextReachesEveryFormat) {
  ScanResult result = testing::hostile_result();
  add_context(result, estate(), {"team"});
  apply_filters(result, filters({}, {}, {"111111111111"}, {}), estate());
  EXPECT_EQ(result.findings[0].resource_name, "web-1");

  const json doc = json::parse(render_view("json", result));
  EXPECT_EQ(doc["filters"]["account"], json::array({"111111111111"}));
  EXPECT_EQ(doc["filters"]["hidden"], result.hidden);
  EXPECT_EQ(doc["findings"][0]["resource_name"], "web-1");
  EXPECT_EQ(doc["findings"][0]["account_name"], "prod");
  EXPECT_EQ(doc["findings"][0]["tags"]["team"], "payments");

  const std::string table = render_view("table", result);
  EXPECT_NE(table.find("111111111111 (prod)"), std::string::npos);
  EXPECT_NE(table.find("web-1"), std::string::npos);
  EXPECT_NE(table.find("TEAM"), std::string::npos);
  EXPECT_NE(table.find("Filtered: --account 111111111111"), std::string::npos);

  const std::string csv = render_view("csv", result);
  EXPECT_NE(csv.find(",account_name,resource_name,key_intel,role_session,tag:team\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",prod,web-1,,,payments\r\n"), std::string::npos);

  const json sarif = json::parse(render_view("sarif", result));
  EXPECT_EQ(sarif["runs"][0]["properties"]["filters"]["account"], json::array({"111111111111"}));
  EXPECT_EQ(sarif["runs"][0]["results"][0]["properties"]["resource_name"], "web-1");

  const json asff = json::parse(render_view("asff", result));
  EXPECT_EQ(asff[0]["Resources"][0]["Tags"]["Name"], "web-1");
  EXPECT_EQ(asff[0]["Resources"][0]["Tags"]["team"], "payments");
  EXPECT_EQ(asff[0]["ProductFields"]["rolecall/account_name"], "prod");

  const json ocsf = json::parse(render_view("ocsf", result));
  EXPECT_EQ(ocsf[0]["cloud"]["account"]["name"], "prod");
  EXPECT_EQ(ocsf[0]["unmapped"]["rolecall"]["resource_name"], "web-1");

  const std::string junit = render_view("junit", result);
  EXPECT_NE(junit.find("resource_name: web-1"), std::string::npos);
  EXPECT_NE(junit.find("name=\"filters\" value=\"--account 111111111111\""), std::string::npos);

  const std::string html = render_view("html", result);
  EXPECT_NE(html.find("web-1"), std::string::npos);
  EXPECT_NE(html.find("--account 111111111111"), std::string::npos);
}

TEST(ReportView, TableShortensTheDetailToTheWidth) {
  ScanResult result = testing::hostile_result();
  std::ostringstream out;
  RenderOptions options;
  options.width = 120;
  write_table(result, options, out);
  std::istringstream lines(out.str());
  bool listed = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("FAIL ")) {
      listed = true;
      std::size_t columns = 0;
      for (unsigned char c : line) columns += (c & 0xC0) != 0x80 ? 1 : 0;
      EXPECT_LE(columns, 120u) << line;
      EXPECT_TRUE(line.ends_with("...")) << line;
    }
  }
  EXPECT_TRUE(listed);
}

TEST(ReportView, DocumentationPointsAtWhatTheBinaryPrints) {
  EXPECT_EQ(check_doc_ref("role-not-admin"), "rolecall checks role-not-admin");
  EXPECT_EQ(check_doc_ref("scan"), "rolecall help scan");  // a failed scope: there is no docs/checks/scan.md
  ScanResult result = testing::hostile_result();
  for (const char* format : {"json", "csv", "junit", "sarif", "ocsf", "asff", "html", "table"}) {
    EXPECT_EQ(render_view(format, result).find("docs/checks/"), std::string::npos) << format;
  }
  const json ocsf = json::parse(render_view("ocsf", result));
  bool scope_error = false;
  for (const auto& f : ocsf) {
    if (f["unmapped"]["rolecall"]["check_id"] == "scan") {
      scope_error = true;
      EXPECT_EQ(f["remediation"]["references"][0], "rolecall help scan");
    }
  }
  EXPECT_TRUE(scope_error);
}

TEST(ReportView, HtmlCarriesEachChecksRationaleAndASeverityFilter) {
  const std::string html = render_view("html", testing::hostile_result());
  EXPECT_NE(html.find("id=\"f-severity\""), std::string::npos);
  EXPECT_NE(html.find("\"remediation\":"), std::string::npos);
  EXPECT_NE(html.find("\"page\":\"rolecall checks role-not-admin\""), std::string::npos);
  EXPECT_NE(html.find("location.hash"), std::string::npos);  // the filter state lives in the URL fragment
}

}  // namespace
}  // namespace rolecall::report
