// A credential_process answering an expiry past system_clock's range (year 9999) is run once per
// scan: the expiry saturates and means "does not expire in this run". Before, the conversion
// overflowed (UBSan) into the past and the process ran for every request (140 times in one scan).
#include <fstream>
#include <string>

#include "support/emulator_fixture.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

class CredentialExpiry : public EmulatorFixture {};

// Lines in `path` (0 when it does not exist).
int count_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST_F(CredentialExpiry, FarFutureExpiryRunsTheProcessOncePerScan) {
  start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 20, .seed = 5});
  const auto creds = emu_->credentials().at(0);
  const auto counter = dir_ / "runs.txt";
  const auto script = dir_ / "credential_process.sh";
  write_file(script, "#!/bin/sh\necho run >> '" + counter.string() + "'\n" +
                         "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"" + creds.access_key_id +
                         "\", \"SecretAccessKey\": \"" + creds.secret_access_key +
                         "\", \"Expiration\": \"9999-12-31T00:00:00Z\"}'\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  write_file(dir_ / "config", "[profile far]\ncredential_process = " + script.string() + "\n");
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  write_file(dir_ / "credentials", "");  // only the credential_process profile

  auto r = run_rolecall(dir_.path(), "--endpoint-url " + emu_->endpoint_url() +
                                         " --region us-east-1 --quiet --profile far --output json scan");
  ASSERT_NE(r.status, 134) << r.err;
  EXPECT_EQ(r.status, 1) << r.err;  // the generated estate has failures
  EXPECT_EQ(count_lines(counter), 1) << "credential_process ran once per request instead of once per scan";
}

}  // namespace
}  // namespace rolecall::testing
