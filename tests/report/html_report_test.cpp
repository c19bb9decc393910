#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

std::string html(const ScanResult& result) {
  std::ostringstream out;
  write_html(result, {}, out);
  return out.str();
}

std::size_t count_in_html(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

std::string embedded_json(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"rolecall-data\">";
  auto start = page.find(open);
  EXPECT_NE(start, std::string::npos);
  start += open.size();
  return page.substr(start, page.find("</script>", start) - start);
}

TEST(HtmlReport, HostileTextNeverBecomesMarkup) {
  const std::string page = html(testing::hostile_result());
  // The only <script> elements are the page's own two.
  EXPECT_EQ(count_in_html(page, "<script"), 2u);
  EXPECT_EQ(count_in_html(page, "</script>"), 2u);
  EXPECT_EQ(page.find("<b>SEC-1"), std::string::npos);
  EXPECT_EQ(page.find("<!-- "), std::string::npos);
  // Chart labels are escaped text.
  EXPECT_EQ(page.find("alert(1)</"), std::string::npos);
}

TEST(HtmlReport, EmbeddedDataParsesBackWithCounts) {
  const ScanResult result = testing::hostile_result();
  const std::string page = html(result);
  const std::string json = embedded_json(page);
  EXPECT_EQ(json.find("</"), std::string::npos);
  EXPECT_EQ(json.find('<'), std::string::npos);
  const auto data = nlohmann::json::parse(json);
  EXPECT_EQ(data["summary"], nlohmann::json({{"PASS", 2}, {"FAIL", 2}, {"ERROR", 2}, {"MUTED", 1}}));
  ASSERT_EQ(data["findings"].size(), result.findings.size());
  EXPECT_NE(data["findings"][1]["message"].get<std::string>().find("<script>alert(1)</script> ]]> </script><!--"),
            std::string::npos);
  EXPECT_EQ(data["findings"][3]["mute_reason"], result.findings[3].mute_reason);
  EXPECT_NE(page.find("id=\"count-FAIL\">2<"), std::string::npos);
  EXPECT_NE(page.find("id=\"count-PASS\">2<"), std::string::npos);
  EXPECT_NE(page.find("id=\"count-ERROR\">2<"), std::string::npos);
  EXPECT_NE(page.find("id=\"count-MUTED\">1<"), std::string::npos);
  EXPECT_NE(page.find("id=\"count-total\">7<"), std::string::npos);
}

TEST(HtmlReport, SelfContainedWithNoExternalReferences) {
  const std::string page = html(testing::hostile_result());
  for (const char* attr : {"src=", "href=", "action=", "srcset=", "xlink:href="}) {
    EXPECT_EQ(page.find(attr), std::string::npos) << attr;
  }
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"), std::string::npos);
  // The only http(s) text is the estate's own (the fixture's formula), inside the JSON data.
  for (const char* scheme : {"http:", "https:", "ftp:", "ws:", "wss:"}) {
    EXPECT_EQ(count_in_html(page, scheme), count_in_html(embedded_json(page), scheme)) << scheme;
  }
  EXPECT_EQ(count_in_html(embedded_json(page), "http:"), 1u);
}

TEST(HtmlReport, ChartsShowEveryStatusCheckAccountAndRegion) {
  const std::string page = html(testing::hostile_result());
  for (const char* id : {"chart-status", "chart-check", "chart-account", "chart-region"}) {
    EXPECT_NE(page.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(page.find("data-label=\"222222222222\""), std::string::npos);
  EXPECT_NE(page.find("data-label=\"cn-north-1\""), std::string::npos);
  EXPECT_NE(page.find("data-label=\"launch-template-no-keys\""), std::string::npos);
  EXPECT_NE(page.find("<rect class=\"muted\" data-status=\"MUTED\" data-count=\"1\""), std::string::npos);
}

TEST(HtmlReport, EmptyResultStillRenders) {
  const std::string page = html(ScanResult{});
  EXPECT_NE(page.find("id=\"count-total\">0<"), std::string::npos);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::report
