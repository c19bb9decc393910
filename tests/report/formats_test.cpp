// The format table: every name dispatches, and what is derived from it (the --output help, the
// sorted names, --report-dir's files, docs/reports.md) agrees with it.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "report/fixture.h"
#include "report/report.h"
#include "support/paths.h"

namespace rolecall::report {
namespace {

std::string read_doc(const std::string& relative) {
  std::ifstream in(rolecall::testing::source_dir() + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FormatTable, HelpTextNamesEveryFormatDefaultFirst) {
  EXPECT_EQ(formats_help(), "table (default), json, csv, junit, sarif, ocsf, asff or html");
}

TEST(FormatTable, NamesAreTheTableSortedAndUnique) {
  std::vector<std::string> names;
  for (const Format& f : format_table()) names.emplace_back(f.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(formats(), names);
}

TEST(FormatTable, OnlyTheTerminalTableHasNoFile) {
  for (const Format& f : format_table()) {
    EXPECT_EQ(f.file.empty(), f.name == "table") << f.name;
    EXPECT_EQ(find_format(f.name), &f);
    EXPECT_EQ(report_file_name(std::string(f.name)), f.file);
  }
  EXPECT_EQ(find_format("xml"), nullptr);
  EXPECT_EQ(report_file_name("xml"), "");
}

TEST(FormatTable, WriteFormatIsTheRowsWriter) {
  for (const Format& f : format_table()) {
    std::ostringstream direct, dispatched;
    f.write(testing::hostile_result(), {}, direct);
    ASSERT_TRUE(write_format(std::string(f.name), testing::hostile_result(), {}, dispatched));
    EXPECT_EQ(direct.str(), dispatched.str()) << f.name;
  }
}

TEST(FormatTable, ReportsDocListsEveryFormatWithItsFile) {
  const std::string doc = read_doc("docs/reports.md");
  ASSERT_FALSE(doc.empty());
  for (const Format& f : format_table()) {
    const std::string row = "| `" + std::string(f.name) + "` | " +
                            (f.file.empty() ? std::string("— (terminal only)") : "`" + std::string(f.file) + "`") +
                            " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/reports.md lacks the row " << row;
  }
}

// --output-file s3:// stores each format with its media type; other outputs (plan diffs) are text.
TEST(Formats, EachHasAMediaType) {
  for (const Format& f : format_table()) EXPECT_FALSE(f.content_type.empty()) << f.name;
  EXPECT_EQ(content_type_of("json"), "application/json");
  EXPECT_EQ(content_type_of("html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("markdown"), "text/markdown; charset=utf-8");
  EXPECT_EQ(content_type_of("diff"), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace rolecall::report
