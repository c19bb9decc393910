#pragma once
// Runs the built `rolecall` binary in a child process (the CLI as a user runs it), capturing its
// exit status, stdout and stderr through files in a test directory.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "support/files.h"
#include "support/paths.h"

namespace rolecall::testing {

// What one run of the binary did.
struct CliOutcome {
  int status = -1;  // exit status, -1 when it did not exit
  std::string out;
  std::string err;
};

// `rolecall ARGS` (ARGS as a shell would split them), its output kept in `dir`/stdout and stderr.
inline CliOutcome run_rolecall(const std::filesystem::path& dir, const std::string& args) {
  std::filesystem::path bin = std::filesystem::path(binary_dir()) / "rolecall";
  EXPECT_TRUE(std::filesystem::exists(bin)) << bin << " is not built";
  std::string cmd = bin.string() + " " + args + " >" + (dir / "stdout").string() + " 2>" + (dir / "stderr").string();
  int raw = std::system(cmd.c_str());
  CliOutcome r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(dir / "stdout");
  r.err = read_file(dir / "stderr");
  return r;
}

}  // namespace rolecall::testing
