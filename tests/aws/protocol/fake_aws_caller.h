#pragma once
// A scripted AwsCaller for tests: plays back HTTP answers in order, turns non-2xx answers into
// Errors with the real error parsers, retries throttling/transient errors up to max_attempts,
// and runs completions only from run() (like an event loop), so nothing recurses or sleeps.

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "aws/client.h"
#include "aws/protocol/errors.h"
#include "aws/protocol/query.h"

namespace rolecall::testing {

// One scripted answer: an HTTP status and body, or a transport failure when network_error is set.
struct ScriptedAnswer {
  int status = 200;
  std::string body;
  bool network_error = false;
};

class FakeAwsCaller : public aws::AwsCaller {
 public:
  std::deque<ScriptedAnswer> script;   // answers, consumed front first, one per attempt
  std::vector<aws::ServiceCall> sent;  // every attempt, in order
  int max_attempts = 3;

  void call(aws::ServiceCall call, aws::ServiceCallback done) override {
    pending_.push_back([this, call = std::move(call), done = std::move(done)]() mutable {
      attempt(std::move(call), std::move(done), 1);
    });
  }

  // Runs queued work until nothing is left; returns how many steps ran.
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
    aws::QueryParams p{{"Action", sent.at(i).action}, {"Version", sent.at(i).api_version}};
    p.insert(p.end(), sent.at(i).params.begin(), sent.at(i).params.end());
    return aws::encode_form(p);
  }

 private:
  void attempt(aws::ServiceCall call, aws::ServiceCallback done, int n) {
    sent.push_back(call);
    if (script.empty()) {
      done(fail(ErrorKind::kInternal, "FakeAwsCaller: script exhausted"));
      return;
    }
    ScriptedAnswer a = std::move(script.front());
    script.pop_front();
    if (a.network_error) {
      done(fail(ErrorKind::kNetwork, "connection reset"));
      return;
    }
    if (a.status / 100 == 2) {
      done(aws::ServiceResponse{a.status, std::move(a.body), {}});
      return;
    }
    Error e = call.protocol == aws::Protocol::kJson11 ? aws::parse_json_error(a.status, a.body)
                                                      : aws::parse_query_error(a.status, a.body);
    bool retryable = aws::is_throttling_code(e.code) || aws::is_transient_code(e.code) || a.status >= 500;
    if (retryable && n < max_attempts) {
      pending_.push_back([this, call = std::move(call), done = std::move(done), n]() mutable {
        attempt(std::move(call), std::move(done), n + 1);
      });
      return;
    }
    done(std::unexpected(std::move(e)));
  }

  std::deque<std::function<void()>> pending_;
};

}  // namespace rolecall::testing
