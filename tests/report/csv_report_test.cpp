#include <gtest/gtest.h>

#include <sstream>

#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

// A strict RFC 4180 reader: fails the test on anything the RFC does not allow.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  bool quoted = false, was_quoted = false;
  while (i < text.size()) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c == '"') {
        quoted = false;
        ++i;
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"') {
      EXPECT_TRUE(field.empty() && !was_quoted) << "quote inside an unquoted field at " << i;
      quoted = was_quoted = true;
      ++i;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      ++i;
    } else if (c == '\r') {
      EXPECT_EQ(text[i + 1], '\n') << "bare CR at " << i;
      row.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      rows.push_back(std::move(row));
      row.clear();
      i += 2;
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes at " << i;
      EXPECT_FALSE(was_quoted) << "text after a closing quote at " << i;
      field += c;
      ++i;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(row.empty() && field.empty()) << "last record not terminated by CRLF";
  return rows;
}

TEST(CsvReport, ParsesBackWithOneRowPerFindingAndTheDocumentedHeader) {
  const ScanResult result = testing::hostile_result();
  std::ostringstream out;
  write_csv(result, out);
  const auto rows = parse_csv(out.str());
  ASSERT_EQ(rows.size(), result.findings.size() + 1);
  const std::vector<std::string> header = {
      "check_id",      "check_title",  "status",        "severity",  "account_id",      "region",
      "resource_type", "resource_id",  "resource_arn",  "message",   "mute_reason",     "profile_arn",
      "role_arn",      "policy_arn",   "statement",     "location",  "key_id_redacted", "fingerprint_sha256",
      "detail",        "account_name", "resource_name", "key_intel", "role_session"};
  EXPECT_EQ(rows[0], header);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size()) << "row " << i;
    const Finding& f = result.findings[i - 1];
    EXPECT_EQ(rows[i][0], f.check_id);
    EXPECT_EQ(rows[i][2], to_string(f.status));
    EXPECT_EQ(rows[i][3], to_string(f.severity));
    EXPECT_EQ(rows[i][7], f.resource_id);
  }
}

TEST(CsvReport, KeepsHostileTextIntactExceptInvalidUtf8) {
  const ScanResult result = testing::hostile_result();
  std::ostringstream out;
  write_csv(result, out);
  const auto rows = parse_csv(out.str());
  std::string expected = result.findings[1].message;
  expected.replace(expected.find('\xff'), 1, "\xEF\xBF\xBD");
  EXPECT_EQ(rows[2][9], expected);  // quotes, commas, CR LF and markup survive the round trip
  EXPECT_EQ(rows[2][1], "The instance role is not administrator-equivalent");
  EXPECT_EQ(rows[2][14], R"({"Action":"*","Effect":"Allow","Resource":"*"})");
  EXPECT_EQ(rows[4][10], result.findings[3].mute_reason);
  EXPECT_EQ(rows[2][8], "arn:aws:ec2:us-east-1:111111111111:instance/i-0aaaaaaaaaaaaaaa1");
  EXPECT_EQ(rows[5][8], "arn:aws-cn:ec2:cn-north-1:111111111111:instance/i-0ccccccccccccccc3");
}

TEST(CsvReport, DefusesSpreadsheetFormulas) {
  const ScanResult result = testing::hostile_result();
  std::ostringstream out;
  write_csv(result, out);
  const auto rows = parse_csv(out.str());
  EXPECT_EQ(rows[7][9], "'" + result.findings[6].message);
  for (const auto& row : rows) {
    for (const auto& field : row)
      EXPECT_TRUE(field.empty() || std::string("=+-@").find(field[0]) == std::string::npos) << field;
  }
}

TEST(CsvReport, EmptyResultIsTheHeaderOnly) {
  std::ostringstream out;
  write_csv(ScanResult{}, out);
  EXPECT_EQ(parse_csv(out.str()).size(), 1u);
}

}  // namespace
}  // namespace rolecall::report
