#include "emulator/server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace rolecall::emulator {
namespace {

constexpr std::chrono::milliseconds kReadTimeout{10'000};
constexpr std::chrono::milliseconds kWriteTimeout{10'000};

// Polls `fd` for `events`; true when ready (or hung up, so the next read or write reports it).
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc < 0 && errno == EINTR) continue;
    return rc > 0;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (rc != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

// A connection's socket with a read buffer (httplib reads request lines a byte at a time) and a
// held response head: httplib writes a response's head and body separately, and the stream sends
// them in one system call. Reads and writes try the socket first and poll only when it would block:
// a request's bytes are usually there by the time the keep-alive wait returns.
class BufferedSocketStream final : public httplib::Stream {
 public:
  explicit BufferedSocketStream(int fd) : fd_(fd) {}

  // True when a request has (started to) arrive: bytes are buffered or the socket is readable.
  bool has_input() const { return begin_ < end_; }

  // The next write (a response's head) waits for the one after it, or for flush().
  void hold_next_write() { hold_next_ = true; }

  // Sends a held write; false when the connection failed.
  bool flush() const {
    if (held_.empty()) return true;
    bool sent = send_all(held_.data(), held_.size(), nullptr, 0);
    held_.clear();
    return sent;
  }

  // Waiting for input: what is held goes out first, as the peer may be waiting for it.
  bool is_readable() const override { return has_input() || (flush() && wait_for(fd_, POLLIN, kReadTimeout)); }
  // Asked before streamed content: what is held goes out first, so a slow body's head is not late.
  bool is_writable() const override { return flush() && wait_for(fd_, POLLOUT, kWriteTimeout); }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      if (!flush()) return -1;                                 // e.g. "100 Continue" before the body it asks for
      if (size >= sizeof(buffer_)) return receive(ptr, size);  // a large read goes straight through
      ssize_t n = receive(buffer_, sizeof(buffer_));
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (hold_next_) {
      hold_next_ = false;
      held_.assign(ptr, size);
      return static_cast<ssize_t>(size);
    }
    bool sent = send_all(held_.data(), held_.size(), ptr, size);
    held_.clear();
    return sent ? static_cast<ssize_t>(size) : -1;
  }

  // A connection's addresses do not change: asked for on every request, looked up once.
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (!remote_known_) address_of(fd_, true, remote_ip_, remote_port_);
    remote_known_ = true;
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (!local_known_) address_of(fd_, false, local_ip_, local_port_);
    local_known_ = true;
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return fd_; }

 private:
  ssize_t receive(char* ptr, size_t size) {
    for (;;) {
      ssize_t n = ::recv(fd_, ptr, size, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_for(fd_, POLLIN, kReadTimeout)) return -1;
        continue;
      }
      return n;
    }
  }

  // Sends `a` then `b` completely, in one call when the socket takes them, polling while it is full.
  bool send_all(const char* a, size_t a_size, const char* b, size_t b_size) const {
    iovec parts[2] = {{const_cast<char*>(a), a_size}, {const_cast<char*>(b), b_size}};
    iovec* next = parts;
    int count = 2;
    while (count > 0 && next->iov_len == 0) {
      ++next;
      --count;
    }
    while (count > 0) {
      msghdr message{};
      message.msg_iov = next;
      message.msg_iovlen = static_cast<size_t>(count);
      ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_for(fd_, POLLOUT, kWriteTimeout)) return false;
        continue;
      }
      if (n < 0) return false;
      auto left = static_cast<size_t>(n);
      while (count > 0 && left >= next->iov_len) {
        left -= next->iov_len;
        ++next;
        --count;
      }
      if (count > 0) {
        next->iov_base = static_cast<char*>(next->iov_base) + left;
        next->iov_len -= left;
      }
    }
    return true;
  }

  int fd_;
  char buffer_[16 * 1024];
  size_t begin_ = 0;
  size_t end_ = 0;
  mutable bool hold_next_ = false;
  mutable std::string held_;
  mutable bool remote_known_ = false;
  mutable bool local_known_ = false;
  mutable std::string remote_ip_;
  mutable std::string local_ip_;
  mutable int remote_port_ = 0;
  mutable int local_port_ = 0;
};

}  // namespace

HttpServer::HttpServer() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::runtime_error("eventfd failed");  // out of descriptors at start-up: an invariant
}

HttpServer::~HttpServer() {
  stop_serving();
  ::close(wake_fd_);
}

void HttpServer::stop_serving() {
  if (!stopping_.exchange(true)) {
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof(one));
  }
  stop();
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  BufferedSocketStream stream(sock);
  stream.hold_next_write();
  bool served = false;
  while (!stopping_.load()) {
    // Wait for the next request in one poll: the connection's socket or the stop signal.
    if (!stream.has_input()) {
      pollfd fds[2] = {{sock, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      int rc = ::poll(fds, 2, static_cast<int>(idle_timeout_.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0 || (fds[1].revents & POLLIN) != 0 || (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) break;
    }
    bool connection_closed = false;
    const bool processed = process_request(stream, false, connection_closed, nullptr);
    if (!stream.flush() || !processed) break;
    stream.hold_next_write();
    served = true;
    if (connection_closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace rolecall::emulator
