#pragma once
// The one scripted AwsCaller for tests: plays back answers in order, records every call, turns
// non-2xx HTTP answers into Errors with the real error parsers. Inline (the default) answers
// inside call(), as the ops tests want; kOnRun delivers only from run(), like an event loop, and
// retries throttling/transient answers, as the protocol tests want: nothing recurses or sleeps.

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "aws/client.h"
#include "aws/protocol/errors.h"
#include "aws/protocol/query.h"

namespace rolecall::testing {

// One scripted answer: an HTTP status and body, a transport failure when network_error is set,
// or a ready Error.
struct ScriptedAnswer {
  int status = 200;
  std::string body;
  bool network_error = false;
  std::optional<Error> error = std::nullopt;  // when set, the answer is this error
  std::string request_id = {};                // of a 2xx answer
};

// When a FakeAwsCaller runs completions.
enum class Delivery {
  kInline,  // inside call(), one attempt per call
  kOnRun,   // only from run(), retrying retryable answers up to max_attempts
};

class FakeAwsCaller : public aws::AwsCaller {
 public:
  // Answers inline, without retries.
  FakeAwsCaller() = default;
  // kOnRun retries up to 3 attempts by default.
  explicit FakeAwsCaller(Delivery delivery) : max_attempts(delivery == Delivery::kOnRun ? 3 : 1), delivery_(delivery) {}

  std::deque<ScriptedAnswer> script;    // answers, consumed front first, one per attempt
  std::vector<aws::ServiceCall> calls;  // every attempt, in order
  int max_attempts = 1;                 // attempts per call (retries run from run())

  // Queues a 200 response with `body` (request id "req-<position in the queue>").
  void reply(std::string body) {
    script.push_back({200, std::move(body), false, std::nullopt, "req-" + std::to_string(script.size() + 1)});
  }
  // Queues a Query-protocol error response, parsed as the real caller would.
  void reply_query_error(int status, const std::string& body) { reply_error(aws::parse_query_error(status, body)); }
  // Queues a JSON 1.1 error response, parsed as the real caller would.
  void reply_json_error(int status, const std::string& body) { reply_error(aws::parse_json_error(status, body)); }
  // Queues an arbitrary error (e.g. a network failure).
  void reply_error(Error error) { script.push_back({0, {}, false, std::move(error), {}}); }

  void call(aws::ServiceCall call, aws::ServiceCallback done) override {
    if (delivery_ == Delivery::kInline) {
      attempt(std::move(call), std::move(done), 1);
      return;
    }
    pending_.push_back([this, call = std::move(call), done = std::move(done)]() mutable {
      attempt(std::move(call), std::move(done), 1);
    });
  }

  // Runs queued work until nothing is left; returns how many steps ran (0 when inline).
  int run() {
    int steps = 0;
    while (!pending_.empty()) {
      auto fn = std::move(pending_.front());
      pending_.pop_front();
      fn();
      ++steps;
    }
    return steps;
  }

  // The form body of attempt `i` (what would go on the wire).
  std::string form(std::size_t i) const {
    aws::QueryParams p{{"Action", calls.at(i).action}, {"Version", calls.at(i).api_version}};
    p.insert(p.end(), calls.at(i).params.begin(), calls.at(i).params.end());
    return aws::encode_form(p);
  }

 private:
  void attempt(aws::ServiceCall call, aws::ServiceCallback done, int n) {
    calls.push_back(call);
    if (script.empty()) {
      done(fail(ErrorKind::kInternal, "FakeAwsCaller: no scripted reply for " + call.action));
      return;
    }
    ScriptedAnswer a = std::move(script.front());
    script.pop_front();
    if (a.network_error) {
      done(fail(ErrorKind::kNetwork, "connection reset"));
      return;
    }
    if (!a.error && a.status / 100 == 2) {
      done(aws::ServiceResponse{a.status, std::move(a.body), std::move(a.request_id)});
      return;
    }
    Error e = a.error                                  ? std::move(*a.error)
              : call.protocol != aws::Protocol::kQuery ? aws::parse_json_error(a.status, a.body)
                                                       : aws::parse_query_error(a.status, a.body);
    const int status = a.error ? e.http_status : a.status;
    bool retryable = aws::is_throttling_code(e.code) || aws::is_transient_code(e.code) || status >= 500;
    if (retryable && n < max_attempts) {
      pending_.push_back([this, call = std::move(call), done = std::move(done), n]() mutable {
        attempt(std::move(call), std::move(done), n + 1);
      });
      return;
    }
    done(std::unexpected(std::move(e)));
  }

  Delivery delivery_ = Delivery::kInline;
  std::deque<std::function<void()>> pending_;
};

// Value of the first parameter named `name` in a Query call, or nullopt.
inline std::optional<std::string> param(const aws::ServiceCall& call, const std::string& name) {
  for (const auto& [k, v] : call.params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

// Runs an async op whose callback an inline FakeAwsCaller invokes synchronously; returns its result.
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

}  // namespace rolecall::testing
