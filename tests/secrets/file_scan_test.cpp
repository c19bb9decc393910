#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "secrets/file_scan.h"
#include "support/temp_dir.h"

namespace rolecall::secrets {
namespace {

namespace fs = std::filesystem;

constexpr const char* kId = "AKIALACI57K43PEADJ4S";
constexpr const char* kSecret = "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";

class FileScanTest : public ::testing::Test {
 protected:
  void write(const std::string& rel, const std::string& content) {
    const fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }

  rolecall::testing::TempDir root_{"rolecall-file-scan"};
};

TEST_F(FileScanTest, FindsKeysSortedWithStats) {
  write("b/app.env", std::string("X=1\nAWS_ACCESS_KEY_ID=") + kId + "\nAWS_SECRET_ACCESS_KEY=" + kSecret + "\n");
  write("a/deep/er/config.py", std::string("key = '") + kId + "'\n");
  write("a/clean.txt", "nothing to see\n");
  FileScanOptions options;
  options.threads = 2;
  const auto report = scan_files({root_.string()}, options);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->findings.size(), 3u);
  EXPECT_EQ(report->findings[0].path, path("a/deep/er/config.py"));
  EXPECT_EQ(report->findings[0].finding.location, path("a/deep/er/config.py") + ":1");
  EXPECT_EQ(report->findings[1].path, path("b/app.env"));
  EXPECT_EQ(report->findings[1].finding.line, 2u);
  EXPECT_EQ(report->findings[2].finding.type, SecretType::kSecretAccessKey);
  EXPECT_EQ(report->stats.files_scanned, 3u);
  EXPECT_EQ(report->stats.directories, 5u);  // root, a, a/deep, a/deep/er, b
  EXPECT_GT(report->stats.bytes_scanned, 100u);
  EXPECT_TRUE(report->errors.empty());
}

TEST_F(FileScanTest, SkipsBinaryAndOversizedFiles) {
  write("image.png", std::string("PNG ") + kId);
  write("blob.dat", std::string("\0\0\0", 3) + kId);
  write("late-nul.txt", std::string(9000, 'x') + std::string(1, '\0') + "\n" + kId + "\n");  // NUL after 8 KiB: text
  write("big.log", std::string(5000, 'x') + "\n" + kId + "\n");
  FileScanOptions options;
  options.max_file_bytes = 4096;
  const auto small = scan_files({root_.string()}, options);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->stats.skipped_binary, 2u);
  EXPECT_EQ(small->stats.skipped_too_large, 2u);  // late-nul.txt is also over 4 KiB
  EXPECT_TRUE(small->findings.empty());
  options.max_file_bytes = 1 << 20;
  const auto large = scan_files({root_.string()}, options);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->stats.skipped_binary, 2u);
  EXPECT_EQ(large->findings.size(), 2u);
}

TEST_F(FileScanTest, SymlinkLoopsAreCut) {
  write("dir/keys.txt", std::string(kId) + "\n");
  fs::create_directory_symlink(root_ / "dir", root_ / "dir" / "loop");
  fs::create_directory_symlink(root_.path(), root_ / "dir" / "up");
  FileScanOptions options;
  const auto plain = scan_files({root_.string()}, options);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->findings.size(), 1u);
  EXPECT_EQ(plain->stats.skipped_symlinks, 2u);
  options.follow_symlinks = true;
  const auto followed = scan_files({root_.string()}, options);
  ASSERT_TRUE(followed);
  EXPECT_EQ(followed->findings.size(), 1u);  // each directory once, however many ways lead to it
  EXPECT_EQ(followed->stats.skipped_symlinks, 2u);
}

TEST_F(FileScanTest, MissingRootIsAnErrorNamingIt) {
  const auto report = scan_files({path("does-not-exist")}, {});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(report.error().message.find("does-not-exist"), std::string::npos);
  EXPECT_FALSE(scan_files({}, {}));
}

TEST_F(FileScanTest, SingleFileRootAndExamplesFilter) {
  write("docs.md", "AKIAIOSFODNN7EXAMPLE\n");
  FileScanOptions options;
  const auto with = scan_files({path("docs.md")}, options);
  ASSERT_TRUE(with);
  ASSERT_EQ(with->findings.size(), 1u);
  EXPECT_TRUE(with->findings[0].finding.is_example);
  options.include_examples = false;
  const auto without = scan_files({path("docs.md")}, options);
  ASSERT_TRUE(without);
  EXPECT_TRUE(without->findings.empty());
}

TEST_F(FileScanTest, ResultsAreDeterministicAcrossThreadCounts) {
  for (int i = 0; i < 40; ++i) {
    write("d" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".txt",
          std::string(static_cast<std::size_t>(i) * 100, '\n') + kId + "\n");
  }
  FileScanOptions one;
  one.threads = 1;
  FileScanOptions four;
  four.threads = 4;
  const auto a = scan_files({root_.string()}, one);
  const auto b = scan_files({root_.string()}, four);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->findings.size(), 40u);
  ASSERT_EQ(b->findings.size(), 40u);
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(a->findings[i].finding.location, b->findings[i].finding.location);
  }
  EXPECT_EQ(a->stats.bytes_scanned, b->stats.bytes_scanned);
}

TEST_F(FileScanTest, UnreadableFilesAreCounted) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  write("secret.txt", kId);
  fs::permissions(root_ / "secret.txt", fs::perms::none);
  const auto report = scan_files({root_.string()}, {});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->stats.unreadable, 1u);
  ASSERT_EQ(report->errors.size(), 1u);
}

TEST(BinaryExtension, KnownFormats) {
  EXPECT_TRUE(has_binary_extension("a/b/c.PNG"));
  EXPECT_TRUE(has_binary_extension("lib.so"));
  EXPECT_FALSE(has_binary_extension("a.gz.d/readme"));
  EXPECT_FALSE(has_binary_extension("config.yaml"));
  EXPECT_FALSE(has_binary_extension("Makefile"));
}

}  // namespace
}  // namespace rolecall::secrets
