// The Env contract, run against the system Env (in a temporary directory) and the FakeEnv tests
// use, so the fake behaves as the real one does; then what only the system Env does.
#include "base/env.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "support/fake_env.h"
#include "support/temp_dir.h"

namespace rolecall::base {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kVariables = {
    {"AWS_REGION", "eu-west-1"}, {"EMPTY", ""},   {"FLAG", "TRUE"},
    {"OTHER_FLAG", "yes"},       {"PRE_A", "1"},  {"PRE_B", "2"},
    {"PRE_EMPTY", ""},           {"PREFIX", "p"}, {"PRZ", "no"},
};

enum class Kind { kSystem, kFake };

class EnvContract : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    if (GetParam() == Kind::kSystem) {
      tmp_ = std::make_unique<testing::TempDir>("rolecall-env");
      root_ = tmp_->string();
      env_ = std::make_unique<SystemEnv>(kVariables);
    } else {
      root_ = "/fake/root";
      auto fake = std::make_unique<testing::FakeEnv>(kVariables);
      fake->create_directories(root_);
      env_ = std::move(fake);
    }
  }
  std::string at(const std::string& rel) const { return root_ + "/" + rel; }

  std::unique_ptr<testing::TempDir> tmp_;  // the system Env's directory
  std::string root_;
  std::unique_ptr<Env> env_;
};

TEST_P(EnvContract, EmptyVariablesCountAsUnset) {
  EXPECT_EQ(env_->get("AWS_REGION"), "eu-west-1");
  EXPECT_EQ(env_->get("EMPTY"), std::nullopt);
  EXPECT_EQ(env_->get("UNSET"), std::nullopt);
  EXPECT_TRUE(env_->is_true("FLAG"));
  EXPECT_FALSE(env_->is_true("OTHER_FLAG"));
  EXPECT_FALSE(env_->is_true("UNSET"));
}

TEST_P(EnvContract, VariablesWithPrefixSkipEmptyOnes) {
  const std::map<std::string, std::string> want = {{"PRE_A", "1"}, {"PRE_B", "2"}, {"PREFIX", "p"}};
  EXPECT_EQ(env_->variables_with_prefix("PRE"), want);
  EXPECT_TRUE(env_->variables_with_prefix("NOTHING_").empty());
}

TEST_P(EnvContract, WrittenFilesReadBackWhole) {
  std::string binary("a\0b\r\n", 5);
  ASSERT_TRUE(env_->write_file(at("f.bin"), binary));
  EXPECT_EQ(env_->read_file(at("f.bin")), binary);
  ASSERT_TRUE(env_->write_file(at("f.bin"), [](std::ostream& out) { out << "streamed " << 42; }));
  EXPECT_EQ(env_->read_file(at("f.bin")), "streamed 42");  // truncated, not appended
  ASSERT_TRUE(env_->write_file(at("empty"), ""));
  EXPECT_EQ(env_->read_file(at("empty")), "");
}

TEST_P(EnvContract, ReadErrorsNameThePath) {
  auto missing = env_->read_file(at("nope.txt"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().message, "cannot read " + at("nope.txt") + ": No such file or directory");

  auto described = env_->read_file(at("nope.txt"), "token file");
  ASSERT_FALSE(described);
  EXPECT_EQ(described.error().message, "cannot read token file " + at("nope.txt") + ": No such file or directory");

  auto directory = env_->read_file(root_);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().kind, ErrorKind::kIo);
  EXPECT_EQ(directory.error().message, "cannot read " + root_ + ": it is a directory");
}

TEST_P(EnvContract, WriteErrorsNameThePath) {
  auto no_parent = env_->write_file(at("missing/f"), "x");
  ASSERT_FALSE(no_parent);
  EXPECT_EQ(no_parent.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(no_parent.error().message.starts_with("cannot write " + at("missing/f") + ": "))
      << no_parent.error().message;
}

TEST_P(EnvContract, RemoveFileRemovesItAndNothingThereIsFine) {
  ASSERT_TRUE(env_->write_file(at("gone.json"), "{}"));
  ASSERT_TRUE(env_->remove_file(at("gone.json")));
  EXPECT_EQ(env_->file_type(at("gone.json")), FileType::kNone);
  EXPECT_TRUE(env_->remove_file(at("gone.json")));
  EXPECT_TRUE(env_->remove_file(at("no/such/dir/f")));
}

TEST_P(EnvContract, DirectoriesAndFileTypes) {
  EXPECT_EQ(env_->file_type(root_), FileType::kDirectory);
  EXPECT_EQ(env_->file_type(at("a")), FileType::kNone);
  ASSERT_TRUE(env_->create_directories(at("a/b/c")));
  ASSERT_TRUE(env_->create_directories(at("a/b/c")));  // existing: fine
  EXPECT_EQ(env_->file_type(at("a/b")), FileType::kDirectory);
  ASSERT_TRUE(env_->write_file(at("a/z.json"), "{}"));
  ASSERT_TRUE(env_->write_file(at("a/m.json"), "{}"));
  EXPECT_EQ(env_->file_type(at("a/z.json")), FileType::kFile);
  EXPECT_EQ(env_->list_directory(at("a")), (std::vector<std::string>{"b", "m.json", "z.json"}));
  EXPECT_EQ(env_->list_directory(at("a/b/c")), std::vector<std::string>{});

  auto missing = env_->list_directory(at("nope"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(missing.error().message.starts_with("cannot list " + at("nope") + ": ")) << missing.error().message;

  auto over_file = env_->create_directories(at("a/z.json/d"));
  ASSERT_FALSE(over_file);
  EXPECT_TRUE(over_file.error().message.starts_with("cannot create " + at("a/z.json/d") + ": "))
      << over_file.error().message;
}

TEST_P(EnvContract, ClockIsAvailable) {
  EXPECT_GT(env_->clock().now().time_since_epoch().count(), 0);
  const auto first = env_->clock().monotonic();
  const auto second = env_->clock().monotonic();
  EXPECT_LE(first, second);
}

INSTANTIATE_TEST_SUITE_P(Both, EnvContract, ::testing::Values(Kind::kSystem, Kind::kFake),
                         [](const ::testing::TestParamInfo<Kind>& p) {
                           return std::string(p.param == Kind::kSystem ? "System" : "Fake");
                         });

TEST(SystemEnv, OwnerOnlyFilesAndDirectories) {
  const testing::TempDir tmp("rolecall-env-private");
  const fs::path root = tmp.path();
  SystemEnv env;
  ASSERT_TRUE(env.create_directories((root / "d").string(), Access::kOwnerOnly));
  ASSERT_TRUE(env.write_file((root / "d" / "secret").string(), "s", Access::kOwnerOnly));
  struct stat st {};
  ASSERT_EQ(::stat((root / "d").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((root / "d" / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(SystemEnv, ProcessVariablesAndClock) {
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  SystemEnv env;
  EXPECT_EQ(env.get("PATH"), std::string(path));
  EXPECT_EQ(env.variables_with_prefix("PATH").at("PATH"), path);
  EXPECT_EQ(&Env::system(), &Env::system());
  const auto before = std::chrono::system_clock::now();
  const auto now = env.clock().now();
  EXPECT_LE(before, now);
  EXPECT_LE(now - before, std::chrono::minutes(1));
}

TEST(SystemEnv, OnlyTheGivenVariables) {
  SystemEnv env(std::map<std::string, std::string>{{"ONLY", "this"}});
  EXPECT_EQ(env.get("ONLY"), "this");
  EXPECT_EQ(env.get("PATH"), std::nullopt);
  EXPECT_TRUE(env.variables_with_prefix("PATH").empty());
}

TEST(FakeEnv, RecordsAccessAndInjectedFailures) {
  testing::FakeEnv env;
  env.add_file("/x/readable", "r");
  env.make_unreadable("/x/readable");
  auto r = env.read_file("/x/readable");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_EQ(r.error().message, "cannot read /x/readable: Permission denied");
  ASSERT_TRUE(env.create_directories("/p", Access::kOwnerOnly));
  ASSERT_TRUE(env.write_file("/p/s", "secret", Access::kOwnerOnly));
  EXPECT_EQ(env.file_access("/p/s"), Access::kOwnerOnly);
  EXPECT_EQ(env.directory_access("/p"), Access::kOwnerOnly);
  EXPECT_EQ(env.file("/p/s"), "secret");
  env.set("V", "1");
  EXPECT_EQ(env.get("V"), "1");
  env.set("V", std::nullopt);
  EXPECT_EQ(env.get("V"), std::nullopt);
  const auto start = env.clock().now();
  env.fake_clock().advance(std::chrono::seconds(5));
  EXPECT_EQ(env.clock().now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace rolecall::base
