#pragma once
// Header-only test doubles for the AWS layer: virtual time, a loop that never sleeps, scripted
// HTTP (async and blocking) and a credentials provider. Every test of code above the transport
// uses these instead of a network.

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "support/fake_clock.h"

namespace rolecall::testing {

// An EventLoop on virtual time: run() executes posted work in order and, when nothing is ready,
// jumps the clock to the next timer. Nothing sleeps, so a simulated hour takes milliseconds.
class FakeLoop final : public aws::EventLoop {
 public:
  FakeLoop() = default;
  explicit FakeLoop(FakeClock& external) : clock_(&external) {}

  void post(std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    posted_.push_back(std::move(fn));
  }
  void schedule_after(std::chrono::milliseconds delay, std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    auto due = clock_->monotonic() + std::max(delay, std::chrono::milliseconds(0));
    timers_.emplace(std::make_pair(due, seq_++), std::move(fn));
  }
  void run() override {
    while (step()) {
    }
  }
  const base::Clock& clock() const override { return *clock_; }

  // Runs until virtual time reaches `deadline` or nothing is pending; timers due later stay.
  void run_until(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (posted_.empty() && (timers_.empty() || timers_.begin()->first.first > deadline)) break;
      }
      step();
    }
    clock_->advance_to(deadline);
  }
  // Runs one posted callback, or else the earliest timer; false when nothing is pending.
  bool step() {
    std::function<void()> fn;
    {
      std::lock_guard lock(mu_);
      if (!posted_.empty()) {
        fn = std::move(posted_.front());
        posted_.pop_front();
      } else if (!timers_.empty()) {
        auto it = timers_.begin();
        clock_->advance_to(it->first.first);
        fn = std::move(it->second);
        timers_.erase(it);
      } else {
        return false;
      }
    }
    fn();
    return true;
  }
  // Callbacks and timers not yet run.
  size_t pending() const {
    std::lock_guard lock(mu_);
    return posted_.size() + timers_.size();
  }
  FakeClock& fake_clock() { return *clock_; }

 private:
  FakeClock own_clock_;
  FakeClock* clock_ = &own_clock_;
  mutable std::mutex mu_;
  std::deque<std::function<void()>> posted_;
  std::map<std::pair<std::chrono::steady_clock::time_point, unsigned long>, std::function<void()>> timers_;
  unsigned long seq_ = 0;
};

// A response with `status`, `body` and optional headers.
inline aws::HttpResponse http_response(int status, std::string body = {}, aws::HttpHeaders headers = {}) {
  aws::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// A transport error of kind kNetwork.
inline Error network_error(std::string message = "connection reset by peer") {
  return Error::network(std::move(message));
}

// Scripted HTTP answers shared by FakeTransport and FakeBlockingHttp: queued answers first, in
// order, then the handler; with neither, unanswered() (a 599 response that makes the gap obvious,
// or for the blocking client a refused connection).
class ScriptedHttp {
 public:
  using Handler = std::function<Result<aws::HttpResponse>(const aws::HttpRequest&)>;
  virtual ~ScriptedHttp() = default;

  // Queues one answer for the next unanswered request.
  void push(Result<aws::HttpResponse> answer) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(answer));
  }
  void push_response(int status, std::string body = {}, aws::HttpHeaders headers = {}) {
    push(http_response(status, std::move(body), std::move(headers)));
  }
  void push_error(Error error) { push(std::unexpected(std::move(error))); }
  // Answers every request the script does not cover.
  void set_handler(Handler handler) {
    std::lock_guard lock(mu_);
    handler_ = std::move(handler);
  }
  // The handler set, if any (to share it with another fake).
  Handler handler() const {
    std::lock_guard lock(mu_);
    return handler_;
  }
  // Every request received so far, in order.
  std::vector<aws::HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Request `i` (0-based); throws std::out_of_range past the end.
  aws::HttpRequest request(size_t i) const {
    std::lock_guard lock(mu_);
    return requests_.at(i);
  }
  size_t request_count() const {
    std::lock_guard lock(mu_);
    return requests_.size();
  }
  // Forgets the requests received so far.
  void clear_requests() {
    std::lock_guard lock(mu_);
    requests_.clear();
  }

 protected:
  Result<aws::HttpResponse> answer(const aws::HttpRequest& request) {
    Handler handler;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      if (!script_.empty()) {
        auto next = std::move(script_.front());
        script_.pop_front();
        return next;
      }
      handler = handler_;
    }
    if (handler) return handler(request);
    return unanswered();
  }
  // The answer when neither the script nor a handler has one.
  virtual Result<aws::HttpResponse> unanswered() const {
    return http_response(599, "FakeTransport: no scripted response");
  }

 private:
  mutable std::mutex mu_;
  std::deque<Result<aws::HttpResponse>> script_;
  Handler handler_;
  std::vector<aws::HttpRequest> requests_;
};

// Asynchronous HTTP on a FakeLoop: each answer is delivered `latency` later on the loop.
class FakeTransport final : public aws::HttpTransport, public ScriptedHttp {
 public:
  explicit FakeTransport(aws::EventLoop& loop, std::chrono::milliseconds latency = std::chrono::milliseconds(10))
      : loop_(loop), latency_(latency) {}

  void send(aws::HttpRequest request, aws::HttpCallback done) override {
    auto result = std::make_shared<Result<aws::HttpResponse>>(answer(request));
    ++in_flight_;
    loop_.schedule_after(latency_, [this, result, done = std::move(done)] {
      --in_flight_;
      done(std::move(*result));
    });
  }
  void set_latency(std::chrono::milliseconds latency) { latency_ = latency; }
  // Requests sent whose completion has not run yet.
  int in_flight() const { return in_flight_; }

 private:
  aws::EventLoop& loop_;
  std::chrono::milliseconds latency_;
  int in_flight_ = 0;
};

// Blocking HTTP answered from the script, immediately; with nothing scripted, every request
// fails with kNetwork as a refused connection does.
class FakeBlockingHttp final : public aws::BlockingHttpClient, public ScriptedHttp {
 public:
  Result<aws::HttpResponse> fetch(const aws::HttpRequest& request) override { return answer(request); }

 protected:
  Result<aws::HttpResponse> unanswered() const override { return fail(ErrorKind::kNetwork, "connection refused"); }
};

// A credentials provider returning a fixed result, counting calls.
class FakeCredentialsProvider final : public aws::CredentialsProvider {
 public:
  FakeCredentialsProvider() {
    aws::Credentials c;
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    c.provider = "fake";
    result_ = c;
  }
  explicit FakeCredentialsProvider(Result<aws::Credentials> result) : result_(std::move(result)) {}

  Result<aws::Credentials> resolve() override {
    ++calls_;
    return result_;
  }
  std::string name() const override { return "fake"; }
  void set_result(Result<aws::Credentials> result) { result_ = std::move(result); }
  int calls() const { return calls_; }

 private:
  Result<aws::Credentials> result_;
  int calls_ = 0;
};

}  // namespace rolecall::testing
