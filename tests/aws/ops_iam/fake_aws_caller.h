#pragma once
// Test doubles shared by the ops_iam, ops_sts and ops_org tests: a scripted AwsCaller that
// records every ServiceCall, fixture loading, and a synchronous wrapper for async ops.

#include <deque>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "aws/client.h"
#include "aws/protocol/errors.h"
#include "support/paths.h"

namespace rolecall::aws::testing {

// Replies to calls from a script, in order, synchronously; records each call.
class FakeAwsCaller final : public AwsCaller {
 public:
  // Queues a 200 response with `body`.
  void reply(std::string body) {
    replies_.push_back(ServiceResponse{200, std::move(body), "req-" + std::to_string(replies_.size() + 1)});
  }
  // Queues a Query-protocol error response, parsed as the real caller would.
  void reply_query_error(int status, const std::string& body) {
    replies_.push_back(std::unexpected(parse_query_error(status, body)));
  }
  // Queues a JSON 1.1 error response, parsed as the real caller would.
  void reply_json_error(int status, const std::string& body) {
    replies_.push_back(std::unexpected(parse_json_error(status, body)));
  }
  // Queues an arbitrary error (e.g. a network failure).
  void reply_error(Error error) { replies_.push_back(std::unexpected(std::move(error))); }

  void call(ServiceCall call, ServiceCallback done) override {
    calls.push_back(call);
    if (replies_.empty()) {
      done(fail(ErrorKind::kInternal, "FakeAwsCaller: no scripted reply for " + call.action));
      return;
    }
    auto reply = std::move(replies_.front());
    replies_.pop_front();
    done(std::move(reply));
  }

  std::vector<ServiceCall> calls;  // every call received, in order
  std::size_t pending() const { return replies_.size(); }

 private:
  std::deque<Result<ServiceResponse>> replies_;
};

// The contents of tests/data/aws/<relative>; fails the test when unreadable.
inline std::string fixture(const std::string& relative) {
  const std::string path = rolecall::testing::source_dir() + "/tests/data/aws/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read fixture " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Value of the first parameter named `name` in a Query call, or nullopt.
inline std::optional<std::string> param(const ServiceCall& call, const std::string& name) {
  for (const auto& [k, v] : call.params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

// Runs an async op whose callback the fake caller invokes synchronously; returns its result.
template <typename T, typename Fn>
Result<T> run(Fn&& fn) {
  std::optional<Result<T>> out;
  int calls = 0;
  fn([&](Result<T> r) {
    ++calls;
    out = std::move(r);
  });
  EXPECT_EQ(calls, 1) << "callback must run exactly once";
  if (!out) return fail(ErrorKind::kInternal, "callback never ran");
  return std::move(*out);
}

// Replaces the first occurrence of `from` in `text` with `to` (for deriving malformed fixtures).
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture lacks '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace rolecall::aws::testing
