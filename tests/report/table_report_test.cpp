// The terminal table (write_table): the summary by check, account and region, then the
// non-passing findings (all with show_passing), in colour or not.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include "report/fixture.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

std::string table(const ScanResult& result, const RenderOptions& options = {}) {
  std::ostringstream out;
  write_table(result, options, out);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The rows of the counts table titled `title`: key -> {PASS, FAIL, ERROR, MUTED}, in printed order.
std::vector<std::pair<std::string, std::vector<std::string>>> counts_table(const std::string& text,
                                                                           const std::string& title) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const auto lines = lines_of(text);
  std::size_t i = 0;
  while (i < lines.size() && words_of(lines[i]) != std::vector<std::string>{title, "PASS", "FAIL", "ERROR", "MUTED"})
    ++i;
  EXPECT_LT(i, lines.size()) << "no " << title << " table in\n" << text;
  for (++i; i < lines.size() && !lines[i].empty(); ++i) {
    auto words = words_of(lines[i]);
    EXPECT_EQ(words.size(), 5u) << lines[i];
    if (words.size() != 5) continue;
    rows.push_back({words[0], {words.begin() + 1, words.end()}});
  }
  return rows;
}

// The listed findings as (status, account, region, resource, check), in printed order.
std::vector<std::vector<std::string>> listed(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  bool in_list = false;
  for (const auto& line : lines_of(text)) {
    const auto words = words_of(line);
    if (!words.empty() && words[0] == "STATUS") {
      EXPECT_EQ(words,
                (std::vector<std::string>{"STATUS", "SEVERITY", "ACCOUNT", "REGION", "RESOURCE", "CHECK", "DETAIL"}));
      in_list = true;
      continue;
    }
    if (!in_list || words.size() < 6) continue;
    if (words[0] != "PASS" && words[0] != "FAIL" && words[0] != "ERROR" && words[0] != "MUTED") continue;
    rows.push_back({words[0], words[2], words[3], words[4], words[5]});
  }
  return rows;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

using Row = std::pair<std::string, std::vector<std::string>>;

TEST(TableReport, SummarisesByCheckAccountAndRegion) {
  const std::string text = table(testing::hostile_result());
  EXPECT_EQ(lines_of(text)[0],
            "rolecall scan: 2 account(s), 3 region scope(s), 3 instance(s), 1 launch template(s) in 4.2s");
  EXPECT_EQ(counts_table(text, "CHECK"), (std::vector<Row>{{"imdsv2-required", {"0", "0", "0", "1"}},
                                                           {"instance-has-role", {"2", "0", "0", "0"}},
                                                           {"launch-template-no-keys", {"0", "1", "0", "0"}},
                                                           {"role-not-admin", {"0", "1", "0", "0"}},
                                                           {"scan", {"0", "0", "1", "0"}},
                                                           {"user-data-no-keys", {"0", "0", "1", "0"}}}));
  EXPECT_EQ(counts_table(text, "ACCOUNT"),
            (std::vector<Row>{{"111111111111", {"2", "1", "1", "1"}}, {"222222222222", {"0", "1", "1", "0"}}}));
  // The account-wide scope error has no region: it is counted by check and account only.
  EXPECT_EQ(counts_table(text, "REGION"), (std::vector<Row>{{"cn-north-1", {"1", "0", "0", "0"}},
                                                            {"eu-west-1", {"0", "1", "0", "0"}},
                                                            {"us-east-1", {"1", "1", "1", "1"}}}));
  EXPECT_TRUE(text.ends_with("\nFindings: 2 PASS, 2 FAIL, 2 ERROR, 1 MUTED\n")) << text;
}

TEST(TableReport, ListsTheNonPassingFindingsInOrder) {
  const std::string text = table(testing::hostile_result());
  const std::vector<std::vector<std::string>> expected = {
      {"FAIL", "111111111111", "us-east-1", "i-0aaaaaaaaaaaaaaa1", "role-not-admin"},
      {"ERROR", "111111111111", "us-east-1", "i-0aaaaaaaaaaaaaaa1", "user-data-no-keys"},
      {"MUTED", "111111111111", "us-east-1", "i-0bbbbbbbbbbbbbbb2", "imdsv2-required"},
      {"ERROR", "222222222222", "-", "222222222222", "scan"},  // no region: "-"
      {"FAIL", "222222222222", "eu-west-1", "lt-0123456789abcdef0", "launch-template-no-keys"},
  };
  EXPECT_EQ(listed(text), expected);
  EXPECT_NE(text.find("could not read user data: \"AccessDenied\", retry later\n"), std::string::npos);
}

TEST(TableReport, ShowPassingListsEveryFinding) {
  RenderOptions options;
  options.show_passing = true;
  const auto rows = listed(table(testing::hostile_result(), options));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"PASS", "111111111111", "us-east-1", "i-0aaaaaaaaaaaaaaa1",
                                               "instance-has-role"}));
  EXPECT_EQ(rows[4], (std::vector<std::string>{"PASS", "111111111111", "cn-north-1", "i-0ccccccccccccccc3",
                                               "instance-has-role"}));
}

TEST(TableReport, NothingToFixMeansNoFindingList) {
  ScanResult result = testing::hostile_result();
  std::erase_if(result.findings, [](const Finding& f) { return f.status != Status::kPass; });
  const std::string text = table(result);
  EXPECT_EQ(text.find("STATUS"), std::string::npos);
  EXPECT_TRUE(listed(text).empty());
  // The REGION table is followed by the totals directly.
  EXPECT_TRUE(text.ends_with("      0\n\nFindings: 2 PASS, 0 FAIL, 0 ERROR, 0 MUTED\n")) << text;
}

TEST(TableReport, ColourOnlyWhenAsked) {
  const ScanResult result = testing::hostile_result();
  const std::string plain = table(result);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  RenderOptions options;
  options.color = true;
  const std::string coloured = table(result, options);
  // Non-zero FAIL counts and FAIL rows red, non-zero ERROR counts and ERROR rows yellow, MUTED
  // rows grey; zero counts, PASS and MUTED counts plain.
  EXPECT_EQ(count(coloured, "\x1b[31m"), 8u);  // 2 checks, 2 accounts, 2 regions, 2 rows
  EXPECT_EQ(count(coloured, "\x1b[33m"), 7u);  // 2 checks, 2 accounts, 1 region, 2 rows
  EXPECT_EQ(count(coloured, "\x1b[90m"), 1u);
  EXPECT_EQ(count(coloured, "\x1b[32m"), 0u);
  EXPECT_EQ(count(coloured, "\x1b[0m"), 16u);
  EXPECT_NE(coloured.find("\x1b[31mFAIL  \x1b[0m  critical"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[33mERROR \x1b[0m  high"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[90mMUTED \x1b[0m  low"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[31m      1\x1b[0m"), std::string::npos);
  // Colour adds escapes and nothing else.
  EXPECT_EQ(std::regex_replace(coloured, std::regex("\x1b\\[[0-9]+m"), ""), plain);
  options.show_passing = true;
  EXPECT_EQ(count(table(result, options), "\x1b[32mPASS  \x1b[0m"), 2u);
}

TEST(TableReport, EmptyResultHasEmptyTablesAndZeroTotals) {
  const std::string text = table(ScanResult{});
  EXPECT_TRUE(counts_table(text, "CHECK").empty());
  EXPECT_TRUE(counts_table(text, "ACCOUNT").empty());
  EXPECT_TRUE(counts_table(text, "REGION").empty());
  EXPECT_TRUE(listed(text).empty());
  EXPECT_TRUE(text.ends_with("Findings: 0 PASS, 0 FAIL, 0 ERROR, 0 MUTED\n")) << text;
}

// A terminal too narrow for the columns (80 columns usually are: ~150 with a Name tag and an
// account name) gets one block per finding, every line within the width and no value lost: the
// whole DETAIL is there, wrapped.
TEST(TableReport, NarrowTerminalGetsBlocksWithinItsWidth) {
  ScanResult result = testing::small_result();
  result.account_names["111111111111"] = "production-payments";
  result.context_tags = {"team"};
  for (auto& f : result.findings) {
    f.resource_name = "payments-api-" + f.resource_id;
    f.tag_values = {"platform"};
  }
  result.findings[1].message =
      "role admin: AdministratorAccess is attached, which lets any process on the instance "
      "do anything in the account; replace it with a role granting what the workload uses";
  RenderOptions options;
  options.width = 60;
  const std::string text = table(result, options);
  for (const auto& line : lines_of(text)) {
    std::size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80 ? 1 : 0;
    EXPECT_LE(columns, 60u) << line;
  }
  EXPECT_EQ(text.find("STATUS  SEVERITY"), std::string::npos) << text;
  std::string joined;  // the text with its line breaks and indents as single spaces
  for (const auto& word : words_of(text)) joined += word + " ";
  EXPECT_NE(joined.find("FAIL critical role-not-admin i-2 payments-api-i-2 111111111111 (production-payments) "
                        "us-east-1 team=platform " +
                        result.findings[1].message + " "),
            std::string::npos)
      << text;
  EXPECT_NE(joined.find("MUTED low imdsv2-required i-3 payments-api-i-3"), std::string::npos) << text;
  EXPECT_EQ(joined.find("i-1 "), std::string::npos) << "PASS is not listed";

  options.width = 400;  // wide enough: the columns, DETAIL not shortened
  const std::string wide = table(result, options);
  EXPECT_NE(wide.find("STATUS  SEVERITY"), std::string::npos) << wide;
  EXPECT_NE(wide.find(result.findings[1].message), std::string::npos) << wide;
}

TEST(TableReport, LayoutIsStable) {
  // The exact bytes: columns padded to the widest key, seconds to one decimal.
  const ScanResult result = testing::small_result();
  const std::string expected =
      "rolecall scan: 1 account(s), 1 region scope(s), 3 instance(s), 0 launch template(s) in 2.0s\n"
      "\n"
      "CHECK                 PASS     FAIL    ERROR    MUTED\n"
      "imdsv2-required          0        0        0        1\n"
      "instance-has-role        1        0        0        0\n"
      "role-not-admin           0        1        0        0\n"
      "\n"
      "ACCOUNT          PASS     FAIL    ERROR    MUTED\n"
      "111111111111        1        1        0        1\n"
      "\n"
      "REGION        PASS     FAIL    ERROR    MUTED\n"
      "us-east-1        1        1        0        1\n"
      "\n"
      "STATUS  SEVERITY  ACCOUNT       REGION          RESOURCE               CHECK                     DETAIL\n"
      "FAIL    critical  111111111111  us-east-1       i-2                    role-not-admin            "
      "role admin: AdministratorAccess is attached\n"
      "MUTED   low       111111111111  us-east-1       i-3                    imdsv2-required           "
      "IMDSv1 is allowed (HttpTokens=optional)\n"
      "\n"
      "Findings: 1 PASS, 1 FAIL, 0 ERROR, 1 MUTED\n";
  EXPECT_EQ(table(result), expected);
}

}  // namespace
}  // namespace rolecall::report
