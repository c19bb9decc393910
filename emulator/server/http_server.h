#pragma once
// The emulator's HTTP server: httplib's routing and request handling, with keep-alive waits that
// cost nothing while a connection is idle.

#include <httplib.h>

#include <atomic>
#include <chrono>

namespace rolecall::emulator {

// Debian's cpp-httplib (0.11) waits for a keep-alive connection's next request by polling it every
// ~11 ms, so each idle connection costs ~180 wake-ups a second: 500 idle connections (a paced
// client's pool between requests) took a whole core. This server serves each connection itself:
// one blocking poll per wait (woken by stop_serving()), then httplib's process_request() for each
// request, over a buffered socket stream. Routes and options are httplib's as usual.
class HttpServer final : public httplib::Server {
 public:
  HttpServer();
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // An idle connection is closed after this long without a request (default 5 s).
  void set_idle_timeout(std::chrono::milliseconds timeout) { idle_timeout_ = timeout; }
  // Wakes every connection waiting for a request (they close), then stops the accept loop.
  void stop_serving();

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::chrono::milliseconds idle_timeout_{5000};
  int wake_fd_ = -1;  // eventfd, readable once stop_serving() ran
  std::atomic<bool> stopping_{false};
};

}  // namespace rolecall::emulator
