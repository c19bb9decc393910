// Nothing reachable is exit 3 (docs/exit-codes.md) for every command that calls AWS: a closed
// loopback port, a host name that does not resolve, and https:// to a plain-HTTP endpoint (a TLS
// failure), each named in the message; when STS answers but EC2 does not, the scan judged nothing
// and is 3 as well.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/emulator_fixture.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

// A loopback port nothing listens on: bound by the kernel's choice, then closed again.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class Unreachable : public EmulatorFixture {
 protected:
  void SetUp() override {
    start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 1, .instances = 3, .seed = 2});
    for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
    ::setenv("AWS_REGION", "us-east-1", 1);
  }
  void TearDown() override {
    ::unsetenv("AWS_ENDPOINT_URL");
    ::unsetenv("AWS_ENDPOINT_URL_EC2");
    EmulatorFixture::TearDown();
  }
  CliOutcome run(const std::string& args) { return run_rolecall(dir_.path(), "--quiet " + args); }
};

TEST_F(Unreachable, EveryCommandExitsThreeNamingTheEndpoint) {
  const std::string plain = emu_->endpoint_url();  // http://127.0.0.1:PORT
  const std::vector<std::string> endpoints = {
      "http://127.0.0.1:" + std::to_string(closed_port()),  // connection refused
      "http://no-such-host.invalid:1",                      // DNS: .invalid never resolves (RFC 2606)
      "https://" + plain.substr(plain.find("://") + 3),     // TLS to a plain-HTTP port
  };
  const std::string out = (dir_ / "out").string();
  const std::vector<std::string> commands = {
      "scan",
      "whoami",
      "keys --key-id AKIAIOSFODNN7EXAMPLE",
      "collect --out " + out + "-collect",
      "plan --role rolecall-target --out " + out + "-plan.json",
      "preflight --role rolecall-target",
  };
  for (const auto& endpoint : endpoints) {
    for (const auto& command : commands) {
      const CliOutcome r = run("--endpoint-url " + endpoint + " " + command);
      EXPECT_EQ(r.status, 3) << endpoint << " " << command << ": " << r.err;
      EXPECT_NE(r.err.find(endpoint), std::string::npos) << endpoint << " " << command << ": " << r.err;
      EXPECT_NE(r.err.find("no answer from that endpoint"), std::string::npos) << command << ": " << r.err;
    }
  }
  // The same endpoint answering is not 3: the failures above are the endpoints', not the commands'.
  EXPECT_EQ(run("--endpoint-url " + plain + " whoami").status, 0);
}

TEST_F(Unreachable, AScanWhoseRegionsAreAllUnreachableIsThree) {
  // STS answers (the caller is identified), EC2 is refused everywhere: nothing could be judged.
  ::setenv("AWS_ENDPOINT_URL", emu_->endpoint_url().c_str(), 1);
  ::setenv("AWS_ENDPOINT_URL_EC2", ("http://127.0.0.1:" + std::to_string(closed_port())).c_str(), 1);
  const CliOutcome r = run("--output json scan --regions us-east-1");
  EXPECT_EQ(r.status, 3) << r.err;
}

}  // namespace
}  // namespace rolecall::testing
