// The system Env replaces files atomically: a reader (a pipeline picking up a report) sees the
// previous file or the new one whole, never a part, and no temporary file stays behind.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "base/env.h"
#include "support/temp_dir.h"

namespace rolecall::base {
namespace {

namespace fs = std::filesystem;

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(EnvAtomicWrite, ReadersSeeTheOldFileOrTheNewOneWholeNeverAPart) {
  testing::TempDir dir("rolecall-atomic");
  SystemEnv env{std::map<std::string, std::string>{}};
  const std::string path = (dir / "report.json").string();
  // Large enough that a plain truncate-and-write would be seen half done.
  const std::string a(4 << 20, 'a'), b(4 << 20, 'b');
  ASSERT_TRUE(env.write_file(path, a));
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, partial{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto text = env.read_file(path);
      if (!text) {
        ++partial;  // the file must always be there
        continue;
      }
      ++reads;
      if (*text != a && *text != b) ++partial;
    }
  });
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(env.write_file(path, [&](std::ostream& out) {
      const std::string& text = i % 2 ? a : b;
      for (std::size_t at = 0; at < text.size(); at += 4096) out.write(text.data() + at, 4096);  // streamed
    }));
  }
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(partial.load(), 0) << "a reader saw a missing or partly written file";
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"report.json"}) << "a temporary file stayed behind";
}

TEST(EnvAtomicWrite, AFailedWriteLeavesThePreviousFileAndNoTemporary) {
  testing::TempDir dir("rolecall-atomic");
  SystemEnv env{std::map<std::string, std::string>{}};
  const std::string path = (dir / "report.json").string();
  ASSERT_TRUE(env.write_file(path, "yesterday"));
  fs::create_directory(dir / "sub");
  // A directory where the file should be: the rename fails, after the contents were written.
  auto failed = env.write_file((dir / "sub").string(), "today");
  EXPECT_FALSE(failed);
  EXPECT_EQ(env.read_file(path).value_or(""), "yesterday");
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"report.json", "sub"}));
  EXPECT_TRUE(fs::is_empty(dir / "sub"));
}

TEST(EnvAtomicWrite, ALinkKeepsPointingAtTheReplacedFile) {
  testing::TempDir dir("rolecall-atomic");
  SystemEnv env{std::map<std::string, std::string>{}};
  fs::create_directory(dir / "reports");
  ASSERT_TRUE(env.write_file((dir / "reports" / "latest.json").string(), "old"));
  fs::create_symlink("reports/latest.json", dir / "report.json");
  ASSERT_TRUE(env.write_file((dir / "report.json").string(), "new"));
  EXPECT_TRUE(fs::is_symlink(dir / "report.json"));
  EXPECT_EQ(env.read_file((dir / "reports" / "latest.json").string()).value_or(""), "new");
}

TEST(EnvAtomicWrite, DevicesAreWrittenInPlace) {
  SystemEnv env{std::map<std::string, std::string>{}};
  EXPECT_TRUE(env.write_file("/dev/null", "discarded"));
  EXPECT_EQ(fs::status("/dev/null").type(), fs::file_type::character);
}

TEST(EnvAtomicWrite, OwnerOnlyFilesAreNeverReadableByOthers) {
  testing::TempDir dir("rolecall-atomic");
  SystemEnv env{std::map<std::string, std::string>{}};
  const std::string path = (dir / "secret").string();
  ASSERT_TRUE(env.write_file(path, "s", Access::kOwnerOnly));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace rolecall::base
