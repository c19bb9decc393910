#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <sstream>

#include "report/fixture.h"
#include "report/report.h"
#include "support/fake_clock.h"

namespace rolecall::report {
namespace {

pugi::xml_document parse_junit(const ScanResult& result) {
  std::ostringstream out;
  write_junit(result, {}, out);
  pugi::xml_document doc;
  const std::string text = out.str();
  pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
  EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
  return doc;
}

pugi::xml_node suite(const pugi::xml_document& doc, const char* name) {
  return doc.child("testsuites").find_child_by_attribute("testsuite", "name", name);
}

TEST(JunitReport, OneSuitePerCheckWithCountsAsCiToolsRead) {
  const ScanResult result = testing::hostile_result();
  auto doc = parse_junit(result);
  pugi::xml_node root = doc.child("testsuites");
  ASSERT_TRUE(root);
  EXPECT_EQ(root.attribute("tests").as_int(), 7);
  EXPECT_EQ(root.attribute("failures").as_int(), 2);
  EXPECT_EQ(root.attribute("errors").as_int(), 2);
  EXPECT_EQ(root.attribute("skipped").as_int(), 1);
  // 5 checks that ran plus the "scan" pseudo-check of the failed scope.
  EXPECT_EQ(std::distance(root.children("testsuite").begin(), root.children("testsuite").end()), 6);
  int cases = 0;
  for (pugi::xml_node s : root.children("testsuite")) {
    int n = 0, failures = 0, errors = 0, skipped = 0;
    for (pugi::xml_node tc : s.children("testcase")) {
      ++n;
      failures += tc.child("failure") ? 1 : 0;
      errors += tc.child("error") ? 1 : 0;
      skipped += tc.child("skipped") ? 1 : 0;
      EXPECT_TRUE(tc.attribute("name")) << s.attribute("name").value();
      EXPECT_EQ(std::string(tc.attribute("classname").value()), std::string("rolecall.") + s.attribute("name").value());
    }
    EXPECT_EQ(s.attribute("tests").as_int(), n);
    EXPECT_EQ(s.attribute("failures").as_int(), failures);
    EXPECT_EQ(s.attribute("errors").as_int(), errors);
    EXPECT_EQ(s.attribute("skipped").as_int(), skipped);
    EXPECT_STREQ(s.attribute("timestamp").value(), "2026-11-24T03:04:09");
    cases += n;
  }
  EXPECT_EQ(cases, 7);
}

TEST(JunitReport, ResultWithoutTimeStampsIsStampedWithTheInjectedClock) {
  ScanResult result = testing::hostile_result();
  result.started_at.clear();
  result.finished_at.clear();
  rolecall::testing::FakeClock clock;  // 2024-01-01T00:00:00Z
  clock.advance(std::chrono::seconds(61));
  RenderOptions options;
  options.clock = &clock;
  std::ostringstream out;
  write_junit(result, options, out);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(out.str().c_str()));
  EXPECT_STREQ(suite(doc, "role-not-admin").attribute("timestamp").value(), "2024-01-01T00:01:01");
}

TEST(JunitReport, FailErrorAndMutedMapToFailureErrorAndSkipped) {
  auto doc = parse_junit(testing::hostile_result());
  pugi::xml_node admin = suite(doc, "role-not-admin").child("testcase");
  EXPECT_STREQ(admin.attribute("name").value(), "i-0aaaaaaaaaaaaaaa1 (111111111111 us-east-1)");
  pugi::xml_node failure = admin.child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("type").value(), "critical");
  // Hostile text survives as text; only XML-forbidden control characters and invalid UTF-8 change.
  const std::string message = failure.attribute("message").value();
  EXPECT_NE(message.find("<script>alert(1)</script> ]]>"), std::string::npos) << message;
  EXPECT_EQ(message.find('\x01'), std::string::npos);
  EXPECT_NE(message.find("ünïcødé 🚀 \xEF\xBF\xBD end"), std::string::npos);
  const std::string body = failure.text().get();
  EXPECT_NE(body.find("policy_arn: arn:aws:iam::aws:policy/AdministratorAccess"), std::string::npos) << body;

  pugi::xml_node error = suite(doc, "user-data-no-keys").child("testcase").child("error");
  ASSERT_TRUE(error);
  EXPECT_NE(std::string(error.attribute("message").value()).find("\"AccessDenied\""), std::string::npos);
  EXPECT_TRUE(suite(doc, "scan").child("testcase").child("error"));

  pugi::xml_node skipped = suite(doc, "imdsv2-required").child("testcase").child("skipped");
  ASSERT_TRUE(skipped);
  EXPECT_STREQ(skipped.attribute("message").value(), "accepted until 2027-01-01, ticket <b>SEC-1</b> & \"legacy\"");

  pugi::xml_node pass = suite(doc, "instance-has-role").child("testcase");
  EXPECT_FALSE(pass.first_child()) << "a passing test case has no children";
}

TEST(JunitReport, ChecksWithoutFindingsAreEmptySuites) {
  ScanResult result;
  result.checks = {"instance-has-role"};
  auto doc = parse_junit(result);
  pugi::xml_node s = suite(doc, "instance-has-role");
  ASSERT_TRUE(s);
  EXPECT_EQ(s.attribute("tests").as_int(), 0);
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 0);
}

}  // namespace
}  // namespace rolecall::report
