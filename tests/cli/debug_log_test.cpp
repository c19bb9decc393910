// `--debug` as a user reads it: every line stamped with the time (ISO 8601 UTC, milliseconds), the
// AssumeRole exchange of an --accounts scan logged with the key id redacted, and no session token
// the emulator issued (they all start "IQoJb3JpZ2luX2VjE", as AWS's do) anywhere in it.
#include <regex>
#include <sstream>

#include "support/emulator_fixture.h"
#include "support/estate_accounts.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

using DebugLog = EmulatorFixture;

TEST_F(DebugLog, LinesAreStampedAndAssumeRoleIsLoggedRedacted) {
  start_emulator(emulator::GeneratorSpec{.accounts = 2, .regions = 1, .instances = 6, .seed = 8});
  const auto members = member_accounts(emu_->dump_state());
  ASSERT_EQ(members.size(), 1u);
  const std::string& member = members.front();
  write_file(dir_ / "accounts.txt", member + "\n");
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  ::setenv("AWS_REGION", "us-east-1", 1);

  const CliOutcome r = run_rolecall(dir_.path(), "--endpoint-url " + emu_->endpoint_url() +
                                                     " --debug --quiet --output json scan --regions us-east-1 "
                                                     "--accounts " +
                                                     (dir_ / "accounts.txt").string());
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.status << ": " << r.err.substr(0, 2000);
  const std::regex stamp(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z .*)");
  std::istringstream lines(r.err);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_TRUE(std::regex_match(line, stamp)) << "line " << count << " has no time stamp: " << line;
  }
  EXPECT_GT(count, 20u);
  const std::string assumed = "sts:AssumeRole role arn:aws:iam::" + member +
                              ":role/OrganizationAccountAccessRole session rolecall-scan: access key ASIA";
  EXPECT_NE(r.err.find(assumed), std::string::npos) << r.err.substr(0, 3000);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("access key ASIA…[A-Z0-9]{4}, expires \\d{4}-\\d\\d-\\d\\dT")))
      << r.err.substr(0, 3000);
  EXPECT_EQ(r.err.find("IQoJb3JpZ2luX2VjE"), std::string::npos);  // no session token, however cut
  EXPECT_NE(r.err.find("X-Amz-Security-Token: [redacted]"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::testing
