// scan-files' formats: every format carries the findings with file and line, and says when paths
// could not be read (the result is incomplete).
#include "report/file_scan_report.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

namespace rolecall::report {
namespace {

using secrets::FileFinding;
using secrets::FileScanReport;
using secrets::SecretType;

FileFinding finding(std::string path, std::size_t line, SecretType type, bool example) {
  FileFinding f;
  f.path = std::move(path);
  f.finding.type = type;
  f.finding.line = line;
  f.finding.location = f.path + ":" + std::to_string(line);
  f.finding.key_id_redacted = example ? "AKIA…MPLE" : "AKIA…DJ4S";
  f.finding.fingerprint = std::string(64, example ? 'e' : 'a');
  f.finding.is_example = example;
  return f;
}

// Two real credentials, one documentation example, and one directory that could not be read.
FileScanReport incomplete_report() {
  FileScanReport r;
  r.findings = {finding("etc/app env.sh", 3, SecretType::kAccessKeyId, false),
                finding("/srv/=calc.cfg", 4, SecretType::kSecretAccessKey, false),
                finding("docs/README", 9, SecretType::kAccessKeyId, true)};
  r.stats.files_scanned = 3;
  r.stats.bytes_scanned = 300;
  r.stats.unreadable = 1;
  r.errors = {"/srv/private: Permission denied"};
  return r;
}

std::string render(const FileScanReport& r, std::string_view format) {
  std::ostringstream out;
  auto written = write_file_scan(r, format, out);
  EXPECT_TRUE(written) << format << ": " << written.error().describe();
  return out.str();
}

TEST(FileScanReport, RealCredentialsLeaveOutDocumentationExamples) {
  EXPECT_EQ(real_credentials(incomplete_report()), 2u);
}

TEST(FileScanReport, UnknownFormatIsRefusedNamingTheAcceptedOnes) {
  std::ostringstream out;
  auto written = write_file_scan(incomplete_report(), "html", out);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(written.error().message.find("--output html"), std::string::npos);
  EXPECT_NE(written.error().message.find("table, json, csv, junit, sarif"), std::string::npos);
  EXPECT_TRUE(out.str().empty());
  EXPECT_EQ(file_scan_formats().front(), "table");
}

TEST(FileScanReport, TableSaysIncomplete) {
  const std::string text = render(incomplete_report(), "table");
  EXPECT_NE(text.find("etc/app env.sh:3  access-key-id  AKIA…DJ4S"), std::string::npos) << text;
  EXPECT_NE(text.find("docs/README:9 (example)"), std::string::npos) << text;
  EXPECT_NE(text.find("2 credential(s) found; INCOMPLETE: 1 path(s) could not be read"), std::string::npos) << text;
  FileScanReport clean;
  EXPECT_EQ(render(clean, "table").find("INCOMPLETE"), std::string::npos);
}

TEST(FileScanReport, JsonSaysWhetherComplete) {
  const auto doc = nlohmann::json::parse(render(incomplete_report(), "json"));
  EXPECT_EQ(doc["schema"], "rolecall.scan-files/v1");
  EXPECT_EQ(doc["complete"], false);
  EXPECT_EQ(doc["stats"]["unreadable"], 1);
  EXPECT_EQ(doc["errors"][0], "/srv/private: Permission denied");
  ASSERT_EQ(doc["findings"].size(), 3u);
  EXPECT_EQ(doc["findings"][1]["path"], "/srv/=calc.cfg");
  EXPECT_EQ(doc["findings"][1]["line"], 4);
  EXPECT_EQ(nlohmann::json::parse(render(FileScanReport{}, "json"))["complete"], true);
}

TEST(FileScanReport, CsvRowsWithFormulaSafePaths) {
  const std::string text = render(incomplete_report(), "csv");
  EXPECT_EQ(text.substr(0, text.find("\r\n")), "path,line,type,key_id_redacted,fingerprint_sha256,example");
  EXPECT_NE(text.find("\r\netc/app env.sh,3,access-key-id,AKIA…DJ4S," + std::string(64, 'a') + ",false\r\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\r\n/srv/=calc.cfg,4,secret-access-key,"), std::string::npos) << text;
  EXPECT_NE(text.find(",true\r\n"), std::string::npos);  // the example
}

TEST(FileScanReport, JunitFailsPerCredentialAndErrorsPerUnreadablePath) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render(incomplete_report(), "junit").c_str()));
  pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(suite.attribute("tests").as_int(), 4);
  EXPECT_EQ(suite.attribute("failures").as_int(), 2);
  EXPECT_EQ(suite.attribute("errors").as_int(), 1);
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 2);
  int failures = 0, errors = 0;
  for (pugi::xml_node tc : suite.children("testcase")) {
    failures += tc.child("failure") ? 1 : 0;
    errors += tc.child("error") ? 1 : 0;
  }
  EXPECT_EQ(failures, 2);
  EXPECT_EQ(errors, 1);
  EXPECT_NE(std::string(suite.child_value("system-out")).find("INCOMPLETE"), std::string::npos);

  pugi::xml_document clean;
  ASSERT_TRUE(clean.load_string(render(FileScanReport{}, "junit").c_str()));
  pugi::xml_node clean_suite = clean.child("testsuites").child("testsuite");
  EXPECT_EQ(clean_suite.attribute("tests").as_int(), 1);  // one passing case, so CI shows the check ran
  EXPECT_EQ(clean_suite.attribute("failures").as_int(), 0);
}

TEST(FileScanReport, SarifLocatesEachCredentialAtItsFileAndLine) {
  const auto doc = nlohmann::json::parse(render(incomplete_report(), "sarif"));
  EXPECT_EQ(doc["version"], "2.1.0");
  const auto& run = doc["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(run["results"].size(), 3u);
  for (const auto& result : run["results"]) {
    const auto& rule = rules[result["ruleIndex"].get<std::size_t>()];
    EXPECT_EQ(rule["id"], result["ruleId"]);  // the index points at the rule named
  }
  const auto& first = run["results"][0];
  EXPECT_EQ(first["ruleId"], "hard-coded-access-key-id");
  EXPECT_EQ(first["level"], "error");
  const auto& location = first["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "etc/app%20env.sh");  // relative stays relative
  EXPECT_EQ(location["region"]["startLine"], 3);
  EXPECT_EQ(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///srv/%3Dcalc.cfg");
  EXPECT_EQ(run["results"][1]["ruleId"], "hard-coded-secret-access-key");
  EXPECT_EQ(run["results"][2]["level"], "note");  // the documentation example
  EXPECT_EQ(first["partialFingerprints"]["credentialSha256/v1"], std::string(64, 'a'));
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], false);
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            "could not be read: /srv/private: Permission denied");
  EXPECT_EQ(
      nlohmann::json::parse(render(FileScanReport{}, "sarif"))["runs"][0]["invocations"][0]["executionSuccessful"],
      true);
}

}  // namespace
}  // namespace rolecall::report
