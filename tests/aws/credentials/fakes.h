#pragma once
// Test doubles of the credential-provider tests: STS handing out numbered credentials, files in a
// FakeEnv. (Clock and HTTP come from tests/support.)

#include <chrono>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "support/fake_aws.h"
#include "support/fake_clock.h"
#include "support/fake_env.h"

namespace rolecall::testing {

// STS that hands out numbered credentials and records each call.
class FakeSts final : public aws::StsApi {
 public:
  Result<aws::Credentials> assume_role(const aws::Credentials& source, const aws::AssumeRoleParams& params) override {
    sources.push_back(source);
    assume_calls.push_back(params);
    if (!assume_error.message.empty()) return fail(assume_error);
    return issue("ASIAROLE" + std::to_string(assume_calls.size()) + "XXXXXXXXXX");
  }
  Result<aws::Credentials> assume_role_with_web_identity(const aws::AssumeRoleWithWebIdentityParams& params) override {
    web_calls.push_back(params);
    if (!assume_error.message.empty()) return fail(assume_error);
    return issue("ASIAWEBID" + std::to_string(web_calls.size()) + "XXXXXXXXX");
  }
  aws::Credentials issue(std::string key_id) {
    aws::Credentials c;
    c.access_key_id = std::move(key_id);
    c.secret_access_key = "sts-secret-" + c.access_key_id;
    c.session_token = "sts-token-" + c.access_key_id;
    c.expiration = expiration;
    return c;
  }
  std::vector<aws::Credentials> sources;
  std::vector<aws::AssumeRoleParams> assume_calls;
  std::vector<aws::AssumeRoleWithWebIdentityParams> web_calls;
  Error assume_error;  // non-empty message: every call fails with it
  std::chrono::system_clock::time_point expiration =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600));
};

// The credential tests' "now" (1'700'000'000 s), which FakeSts's default expiration follows.
inline constexpr std::chrono::sys_seconds kTestNow{std::chrono::seconds(1'700'000'000)};

// Files of a test kept in a FakeEnv under one root directory: nothing touches the disk.
class EnvFiles {
 public:
  explicit EnvFiles(FakeEnv& env, std::string root = "/test") : env_(env), root_(std::move(root)) {}
  // Puts `text` at `name` under the root and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::string path = root_ + "/" + name;
    env_.add_file(path, text);
    return path;
  }
  std::string path() const { return root_; }

 private:
  FakeEnv& env_;
  std::string root_;
};

}  // namespace rolecall::testing
