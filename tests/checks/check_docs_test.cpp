// Every registered check has its page docs/checks/<id>.md stating the registry's severity, and a
// row in docs/checks/README.md's table; every page there belongs to a registered check.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "checks/registry.h"
#include "support/paths.h"

namespace rolecall::checks {
namespace {

namespace fs = std::filesystem;

fs::path docs_dir() { return fs::path(rolecall::testing::source_dir()) / "docs" / "checks"; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The word after "**Severity:** " on the page ("high"), or "" when the page states none.
std::string page_severity(const std::string& page) {
  constexpr std::string_view kLabel = "**Severity:** ";
  const auto at = page.find(kLabel);
  if (at == std::string::npos) return {};
  const auto from = at + kLabel.size();
  return page.substr(from, page.find_first_of(" \n", from) - from);
}

TEST(CheckDocs, EveryCheckHasItsPageWithItsSeverity) {
  for (const Check* c : all_checks()) {
    const CheckInfo& info = c->info();
    const fs::path page_path = docs_dir() / (std::string(info.id) + ".md");
    ASSERT_TRUE(fs::is_regular_file(page_path)) << "missing " << page_path;
    const std::string page = read_text(page_path);
    EXPECT_EQ(page.rfind("# " + std::string(info.id) + "\n", 0), 0u) << page_path << " must start with its id";
    EXPECT_EQ(page_severity(page), to_string(info.severity)) << page_path;
    if (info.cis_foundations != nullptr) {  // the page's CIS line is the registry's mapping
      const std::string line = "AWS Foundations " + std::string(info.cis_foundations->level) + ": " +
                               cis_numbers_text(*info.cis_foundations);
      EXPECT_NE(page.find(line), std::string::npos) << page_path << " must say " << line;
    }
  }
}

TEST(CheckDocs, TheReadmeTableHasARowPerCheckWithItsSeverity) {
  const std::string readme = read_text(docs_dir() / "README.md");
  for (const Check* c : all_checks()) {
    const CheckInfo& info = c->info();
    const std::string start = "\n| `" + std::string(info.id) + "` | ";
    const auto row = readme.find(start);
    ASSERT_NE(row, std::string::npos) << "docs/checks/README.md has no row for " << info.id;
    // | id | resource | severity | ...: the severity is the third cell.
    const auto resource_end = readme.find(" | ", row + start.size());
    ASSERT_NE(resource_end, std::string::npos);
    const auto severity_from = resource_end + 3;
    EXPECT_EQ(readme.substr(severity_from, readme.find(" |", severity_from) - severity_from), to_string(info.severity))
        << info.id;
  }
}

TEST(CheckDocs, EveryPageBelongsToARegisteredCheck) {
  std::set<std::string> pages;
  for (const auto& entry : fs::directory_iterator(docs_dir())) {
    if (entry.path().extension() != ".md" || entry.path().filename() == "README.md") continue;
    pages.insert(entry.path().stem().string());
  }
  std::set<std::string> ids;
  for (const Check* c : all_checks()) ids.emplace(c->info().id);
  EXPECT_EQ(pages, ids);
}

}  // namespace
}  // namespace rolecall::checks
