#pragma once
// A cpp-httplib server on 127.0.0.1 (random port) in a background thread, for transport tests.
// Counts the distinct client connections it sees and the peak number of concurrent handlers.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace rolecall::testing {

class LocalServer {
 public:
  // Plain HTTP server.
  LocalServer() : server_(std::make_unique<httplib::Server>()) { init(); }
  // Takes ownership of a configured server (e.g. an httplib::SSLServer).
  explicit LocalServer(std::unique_ptr<httplib::Server> server) : server_(std::move(server)) { init(); }

  ~LocalServer() {
    release_stalled();
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Server& server() { return *server_; }

  // Binds and starts serving; the socket listens before this returns, so no request races it.
  void start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ < 0) return;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the server runs: wait for it so destruction cannot hang.
    while (!server_->is_running()) std::this_thread::yield();
  }
  int port() const { return port_; }
  std::string url(const std::string& path, const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Call at the start of every handler: records the connection and the concurrency.
  void enter(const httplib::Request& req) {
    std::lock_guard lock(mu_);
    ports_.insert(req.remote_port);
    ++requests_;
    peak_ = std::max(peak_, ++active_);
  }
  void leave() {
    std::lock_guard lock(mu_);
    --active_;
  }
  size_t connections() const {
    std::lock_guard lock(mu_);
    return ports_.size();
  }
  int requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  int peak_concurrency() const {
    std::lock_guard lock(mu_);
    return peak_;
  }

  // Blocks the calling handler until release_stalled() (or the server's destruction).
  void stall() {
    std::unique_lock lock(stall_mu_);
    stall_cv_.wait(lock, [this] { return released_; });
  }
  void release_stalled() {
    {
      std::lock_guard lock(stall_mu_);
      released_ = true;
    }
    stall_cv_.notify_all();
  }

 private:
  void init() {
    // Enough threads that every kept-alive connection gets its own.
    server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
    server_->set_keep_alive_max_count(100000);
    // Without it, header and body writes meet the client's delayed ACK: +40 ms per response.
    server_->set_tcp_nodelay(true);
  }

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = -1;
  mutable std::mutex mu_;
  std::set<int> ports_;
  int requests_ = 0;
  int active_ = 0;
  int peak_ = 0;
  std::mutex stall_mu_;
  std::condition_variable stall_cv_;
  bool released_ = false;
};

// A port on 127.0.0.1 that is bound but not listening: connecting to it is refused.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { ::close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace rolecall::testing
