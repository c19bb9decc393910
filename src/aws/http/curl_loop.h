#pragma once
// The production event loop: timers, cross-thread posts and HTTP on one libcurl multi handle.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aws/event_loop.h"
#include "aws/http/http_options.h"
#include "aws/http/transport.h"
#include "base/worker.h"

namespace rolecall::aws {

// One thread drives hundreds of concurrent requests: keep-alive connections are reused,
// in-flight requests per pool (HttpRequest::pool, else per host) are capped at
// HttpOptions::max_per_host and in all at HttpOptions::max_in_flight (more wait in a queue per
// pool; pools waiting for a global slot take turns),
// and schedule_after timers share the same epoll wait (curl's socket interface: each wakeup costs
// work for the sockets that are ready, not for every transfer). post() and schedule_after() are safe from any
// thread; send() from the loop thread, from the thread that will call run() before it does, or
// from any thread while run() is executing (it hops onto the loop). Not copyable.
class CurlLoop final : public EventLoop, public HttpTransport {
 public:
  explicit CurlLoop(HttpOptions options = {});
  ~CurlLoop() override;  // pending callbacks receive kCancelled
  CurlLoop(const CurlLoop&) = delete;
  CurlLoop& operator=(const CurlLoop&) = delete;

  void post(std::function<void()> fn) override;
  void schedule_after(std::chrono::milliseconds delay, std::function<void()> fn) override;
  void run() override;
  // Parses and the like run on a worker thread, so this thread keeps the transfers moving.
  void offload(std::function<void()> work, std::function<void()> then) override;
  const base::Clock& clock() const override { return clock_; }
  void send(HttpRequest request, HttpCallback done) override;

  // Requests handed to curl and not yet completed.
  size_t active_requests() const { return active_.size(); }
  // Requests waiting for a per-host slot.
  size_t queued_requests() const;
  // Kept connections between requests, left in the epoll set (see armed_).
  size_t parked_connections() const;

 private:
  friend struct CurlLoopSockets;  // curl's open and close callbacks (curl_loop.cpp)
  struct Transfer;
  using TimerKey = std::pair<std::chrono::steady_clock::time_point, std::uint64_t>;  // due, then FIFO

  void start(std::unique_ptr<Transfer> transfer);
  void start_waiting();
  void complete(void* easy, int code);
  bool run_posted();
  bool run_due_timers();
  bool idle();
  long wait_budget_ms();
  void wake();
  void drive_curl(int fd, int events);
  bool collect_finished();
  static int on_socket(void* easy, int fd, int what, void* self, void* socket_data);
  void watch(int fd, std::uint32_t events);
  bool drop_parked(int fd);
  static int on_timer(void* multi, long timeout_ms, void* self);
  void* take_easy();
  void release_easy(void* easy);
  void cancel_all();

  HttpOptions options_;
  base::SystemClock clock_;
  void* multi_ = nullptr;  // CURLM*, kept opaque so users need not include curl.h
  int epoll_fd_ = -1;      // curl's sockets and wake_fd_
  int wake_fd_ = -1;       // eventfd: post() and schedule_after() interrupt a wait
  // curl's sockets in the epoll set and the events each is armed for. When curl stops watching a
  // socket (its transfer done, the connection kept for the next request) it stays in the set,
  // parked: the next request on it usually waits for the same events, and then costs no epoll_ctl
  // (two system calls per request saved). Every socket is opened and closed through this loop
  // (curl's open and close callbacks), so an entry never outlives its descriptor.
  struct Armed {
    std::uint32_t events = 0;
    bool parked = false;
  };
  std::unordered_map<int, Armed> armed_;
  // When curl wants CURL_SOCKET_TIMEOUT driven (its timer callback); nullopt: no timer.
  std::optional<std::chrono::steady_clock::time_point> curl_due_;

  std::mutex mu_;  // guards posted_ and timers_
  std::vector<std::function<void()>> posted_;
  std::map<TimerKey, std::function<void()>> timers_;
  std::uint64_t timer_seq_ = 0;
  bool waiting_on_epoll_ = false;  // guarded by mu_: only then must post() write wake_fd_

  std::map<void*, std::unique_ptr<Transfer>> active_;                     // by easy handle
  std::map<std::string, std::deque<std::unique_ptr<Transfer>>> waiting_;  // by pool
  std::map<std::string, long> per_host_;                                  // in flight by pool
  long in_flight_ = 0;                                                    // in flight in all pools
  std::string next_pool_;         // where the rotation over waiting pools resumes when a global slot frees
  std::vector<void*> idle_easy_;  // reusable easy handles
  std::atomic<bool> running_{false};
  std::atomic<int> offloaded_{0};         // offload() work not yet handed back (run() must not return)
  std::unique_ptr<base::Worker> worker_;  // started by the first offload()
  std::thread::id loop_thread_;
  bool closing_ = false;
};

}  // namespace rolecall::aws
