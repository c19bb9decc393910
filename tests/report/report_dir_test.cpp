#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/fixture.h"
#include "report/report.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace rolecall::report {
namespace {

namespace fs = std::filesystem;

TEST(ReportDir, WritesEveryFileFormatAndCreatesTheDirectory) {
  const rolecall::testing::TempDir tmp("rolecall-report-test");
  const fs::path dir = tmp / "nested" / "deeper";
  auto paths = write_report_dir(base::Env::system(), testing::hostile_result(), dir.string(), {});
  ASSERT_TRUE(paths) << paths.error().message;
  const std::vector<std::string> names = {"report.json",      "report.csv",       "report.junit.xml", "report.sarif",
                                          "report.ocsf.json", "report.asff.json", "report.html"};
  ASSERT_EQ(paths->size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ((*paths)[i], (dir / names[i]).string());
    ASSERT_TRUE(fs::exists((*paths)[i]));
    EXPECT_GT(fs::file_size((*paths)[i]), 100u) << names[i];
  }
  // Each file is what the single-format writer produces.
  std::ostringstream csv;
  write_csv(testing::hostile_result(), csv);
  EXPECT_EQ(rolecall::testing::read_file(dir / "report.csv"), csv.str());
}

TEST(ReportDir, UnwritableDirectoryIsAnIoErrorNamingIt) {
  const rolecall::testing::TempDir tmp("rolecall-report-test");
  const fs::path dir = tmp / "blocked";
  std::ofstream(dir) << "a file, not a directory";
  auto paths = write_report_dir(base::Env::system(), testing::hostile_result(), (dir / "sub").string(), {});
  ASSERT_FALSE(paths);
  EXPECT_EQ(paths.error().kind, ErrorKind::kIo);
  EXPECT_NE(paths.error().message.find((dir / "sub").string()), std::string::npos) << paths.error().message;
}

TEST(ReportFormats, EveryFormatIsDispatched) {
  for (const auto& format : formats()) {
    std::ostringstream out;
    EXPECT_TRUE(write_format(format, testing::hostile_result(), {}, out)) << format;
    EXPECT_FALSE(out.str().empty()) << format;
    if (format != "table") {
      EXPECT_FALSE(report_file_name(format).empty()) << format;
    }
  }
  std::ostringstream out;
  EXPECT_FALSE(write_format("xml", testing::hostile_result(), {}, out));
}

}  // namespace
}  // namespace rolecall::report
