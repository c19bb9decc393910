#pragma once
// Test doubles for the credential providers: clock, HTTP, STS, files in a FakeEnv.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "support/fake_env.h"

namespace rolecall::aws::testing {

// A clock that moves only when told to.
class FakeClock final : public base::Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return now_; }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void advance(std::chrono::seconds by) { now_ += by; }
  std::chrono::system_clock::time_point now_ =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
};

// Answers requests from a handler; records what was sent.
class FakeHttp final : public BlockingHttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  Result<HttpResponse> fetch(const HttpRequest& request) override {
    requests.push_back(request);
    if (!handler) return fail(ErrorKind::kNetwork, "connection refused");
    return handler(request);
  }
  Handler handler;
  std::vector<HttpRequest> requests;
};

inline HttpResponse response(int status, std::string body) { return HttpResponse{status, {}, std::move(body)}; }

// STS that hands out numbered credentials and records each call.
class FakeSts final : public StsApi {
 public:
  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& params) override {
    sources.push_back(source);
    assume_calls.push_back(params);
    if (!assume_error.message.empty()) return fail(assume_error);
    return issue("ASIAROLE" + std::to_string(assume_calls.size()) + "XXXXXXXXXX");
  }
  Result<Credentials> assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) override {
    web_calls.push_back(params);
    if (!assume_error.message.empty()) return fail(assume_error);
    return issue("ASIAWEBID" + std::to_string(web_calls.size()) + "XXXXXXXXX");
  }
  Credentials issue(std::string key_id) {
    Credentials c;
    c.access_key_id = std::move(key_id);
    c.secret_access_key = "sts-secret-" + c.access_key_id;
    c.session_token = "sts-token-" + c.access_key_id;
    c.expiration = expiration;
    return c;
  }
  std::vector<Credentials> sources;
  std::vector<AssumeRoleParams> assume_calls;
  std::vector<AssumeRoleWithWebIdentityParams> web_calls;
  Error assume_error;  // non-empty message: every call fails with it
  std::chrono::system_clock::time_point expiration =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600));
};

// The credential tests' "now" (1'700'000'000 s), which FakeSts's default expiration follows.
inline constexpr std::chrono::sys_seconds kTestNow{std::chrono::seconds(1'700'000'000)};

// Files of a test kept in a FakeEnv under one root directory: nothing touches the disk.
class EnvFiles {
 public:
  explicit EnvFiles(rolecall::testing::FakeEnv& env, std::string root = "/test") : env_(env), root_(std::move(root)) {}
  // Puts `text` at `name` under the root and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::string path = root_ + "/" + name;
    env_.add_file(path, text);
    return path;
  }
  std::string path() const { return root_; }

 private:
  rolecall::testing::FakeEnv& env_;
  std::string root_;
};

}  // namespace rolecall::aws::testing
