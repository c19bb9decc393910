// Env::check_writable tells before a long run whether write_file will be able to write a path
// (--output-file is checked before a scan), and leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "base/env.h"
#include "support/temp_dir.h"

namespace rolecall::base {
namespace {

namespace fs = std::filesystem;

TEST(EnvCheckWritable, ANewOrExistingFileInAWritableDirectoryLeavesNothingBehind) {
  testing::TempDir dir("rolecall-writable");
  SystemEnv env{std::map<std::string, std::string>{}};
  EXPECT_TRUE(env.check_writable((dir / "report.json").string()));
  ASSERT_TRUE(env.write_file((dir / "old.json").string(), "yesterday"));
  EXPECT_TRUE(env.check_writable((dir / "old.json").string()));
  EXPECT_EQ(env.read_file((dir / "old.json").string()).value_or(""), "yesterday");
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.path().filename() == "old.json" ? 1 : 100;
  EXPECT_EQ(entries, 1u);  // no probe file stayed
  EXPECT_TRUE(env.check_writable("/dev/null"));
}

TEST(EnvCheckWritable, ADirectoryOrAMissingDirectoryIsNamed) {
  testing::TempDir dir("rolecall-writable");
  SystemEnv env{std::map<std::string, std::string>{}};
  auto directory = env.check_writable(dir.string());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "cannot write " + dir.string() + ": Is a directory");
  const std::string missing = (dir / "no-such-dir" / "report.json").string();
  auto nowhere = env.check_writable(missing);
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(nowhere.error().message.find(missing), std::string::npos);
}

TEST(EnvCheckWritable, ADirectoryThatRefusesNewFilesEvenToRootFails) {
  if (!fs::is_directory("/sys")) GTEST_SKIP() << "no /sys";
  SystemEnv env{std::map<std::string, std::string>{}};
  auto sys = env.check_writable("/sys/rolecall-report.json");  // sysfs takes no new file from anyone
  ASSERT_FALSE(sys);
  EXPECT_EQ(sys.error().message.rfind("cannot write /sys/rolecall-report.json: ", 0), 0u) << sys.error().message;
}

TEST(EnvCheckWritable, ADirectoryWithoutWritePermissionFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a read-only directory";
  SystemEnv env{std::map<std::string, std::string>{}};
  testing::TempDir dir("rolecall-writable");
  fs::create_directory(dir / "locked");
  fs::permissions(dir / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  auto locked = env.check_writable((dir / "locked" / "report.json").string());
  fs::permissions(dir / "locked", fs::perms::owner_all);
  ASSERT_FALSE(locked);
  EXPECT_NE(locked.error().message.find("Permission denied"), std::string::npos) << locked.error().message;
}

}  // namespace
}  // namespace rolecall::base
