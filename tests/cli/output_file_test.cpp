// An --output-file (and plan's --out) that cannot be written fails before the work, exit 2 naming
// the path, for every command that writes one: nothing listens on the endpoint, so a command that
// started its work would exit 3 instead, and demo would scan first.
#include <unistd.h>

#include <filesystem>

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
  // plan's own document (--out) is checked as early.
  const CliOutcome plan =
      run_rolecall(dir.path(), "--endpoint-url http://127.0.0.1:9 --quiet plan --role r --out " + paths.front());
  EXPECT_EQ(plan.status, 2) << plan.err;
  EXPECT_NE(plan.err.find("--out: cannot write " + paths.front()), std::string::npos) << plan.err;
  if (::geteuid() != 0) std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
}

}  // namespace
}  // namespace rolecall::testing
