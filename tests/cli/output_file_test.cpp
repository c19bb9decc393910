// An --output-file (and plan's --out) that cannot be written fails before the work, exit 2 naming
// the path, for every command that writes one: nothing listens on the endpoint, so a command that
// started its work would exit 3 instead, and demo would scan first.
#include <unistd.h>

#include <filesystem>

#include "support/emulator_fixture.h"
#include "support/files.h"
#include "support/run_rolecall.h"
#include "support/temp_dir.h"

namespace rolecall::testing {
namespace {

// Paths whose directory exists but takes no new file: sysfs refuses even root; a directory without
// write permission refuses everyone else.
std::vector<std::string> unwritable_paths(const TempDir& dir) {
  std::vector<std::string> out;
  if (std::filesystem::is_directory("/sys")) out.push_back("/sys/rolecall-report.json");
  if (::geteuid() != 0) {
    std::filesystem::create_directories(dir / "locked");
    std::filesystem::permissions(dir / "locked",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    out.push_back((dir / "locked" / "report.json").string());
  }
  return out;
}

TEST(OutputFileCli, AnUnwritableOutputFileFailsBeforeTheWork) {
  TempDir dir("rolecall-output-file-cli");
  write_file(dir / "notes.txt", "nothing secret\n");
  const std::string plan_out = (dir / "plan.json").string();
  const std::vector<std::string> commands = {
      "scan --regions us-east-1",
      "scan-files " + (dir / "notes.txt").string(),
      "plan --role rolecall-target --out " + plan_out,
      "demo --instances 5 --report-dir " + (dir / "demo").string(),
      "whoami",
      "keys --key-id AKIAIOSFODNN7EXAMPLE",
      "preflight --role rolecall-target",
      "apply " + plan_out + " --yes",
      "rollback r-20260101T000000Z-000000 --yes",
      "runs --journal " + (dir / "journal.db").string(),
      "history --store " + (dir / "store.db").string(),
      "findings --store " + (dir / "store.db").string(),
      "diff --store " + (dir / "store.db").string(),
  };
  const std::vector<std::string> paths = unwritable_paths(dir);
  ASSERT_FALSE(paths.empty());
  for (const auto& path : paths) {
    for (const auto& command : commands) {
      const CliOutcome r =
          run_rolecall(dir.path(), "--endpoint-url http://127.0.0.1:9 --quiet --output-file " + path + " " + command);
      EXPECT_EQ(r.status, 2) << path << " " << command << ": " << r.err;
      EXPECT_NE(r.err.find("--output-file: cannot write " + path + ": "), std::string::npos)
          << command << ": " << r.err;
      EXPECT_EQ(r.err.find("GetCallerIdentity"), std::string::npos) << command << ": " << r.err;
    }
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "demo")) << "demo ran before failing";
  EXPECT_FALSE(std::filesystem::exists(dir / "journal.db")) << "runs opened its journal before failing";
  EXPECT_FALSE(std::filesystem::exists(dir / "store.db")) << "a store command opened its store before failing";
  // plan's own document (--out) is checked as early.
  const CliOutcome plan =
      run_rolecall(dir.path(), "--endpoint-url http://127.0.0.1:9 --quiet plan --role r --out " + paths.front());
  EXPECT_EQ(plan.status, 2) << plan.err;
  EXPECT_NE(plan.err.find("--out: cannot write " + paths.front()), std::string::npos) << plan.err;
  if (::geteuid() != 0) std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
}

using OutputFileWritten = EmulatorFixture;

// Every command that prints a report writes it to --output-file instead of stdout, and says so.
TEST_F(OutputFileWritten, WhoamiAndKeysWriteTheFileNotStdout) {
  start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 1, .instances = 2, .seed = 5});
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  ::setenv("AWS_REGION", "us-east-1", 1);
  const std::string base = "--endpoint-url " + emu_->endpoint_url() + " --output json --output-file ";

  const std::string who = (dir_ / "whoami.json").string();
  CliOutcome r = run_rolecall(dir_.path(), base + who + " whoami");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("whoami written to " + who), std::string::npos) << r.err;
  const std::string whoami_text = read_file(who);
  EXPECT_NE(whoami_text.find("\"Account\""), std::string::npos) << whoami_text;

  const std::string keys = (dir_ / "keys.json").string();
  r = run_rolecall(dir_.path(), base + keys + " --quiet keys --key-id AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.find("written to"), std::string::npos) << "--quiet: " << r.err;
  const std::string keys_text = read_file(keys);
  EXPECT_NE(keys_text.find("\"keys\""), std::string::npos) << keys_text;
  EXPECT_EQ(keys_text.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << "key ids are shown redacted";
}

}  // namespace
}  // namespace rolecall::testing
