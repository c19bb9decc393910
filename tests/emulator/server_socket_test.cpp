// The emulator's accepted sockets have TCP_NODELAY: without it a response written as headers then
// body waits for the client's delayed ACK (~40 ms per small request). The server runs in this
// process, so the test finds the accepted socket among its own descriptors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "emulator/fixture.h"
#include "emulator/loopback_socket.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

int local_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || address.sin_family != AF_INET)
    return -1;
  return ntohs(address.sin_port);
}

int peer_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || address.sin_family != AF_INET)
    return -1;
  return ntohs(address.sin_port);
}

using ServerSocket = EmulatorTest;

TEST_F(ServerSocket, AcceptedConnectionsHaveTcpNoDelay) {
  // A client socket of our own (Nagle left on) so we know the peer port to look for.
  const int client = connect_loopback(emu_->port());
  ASSERT_GE(client, 0);
  // A complete request makes sure the server has accepted (and is serving) the connection.
  const std::string request = "GET /_emulator/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::write(client, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  char buffer[512];
  ASSERT_GT(::read(client, buffer, sizeof(buffer)), 0);
  const int client_port = local_port(client);

  int found = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = std::atoi(entry.path().filename().c_str());
    if (fd == client || local_port(fd) != emu_->port() || peer_port(fd) != client_port) continue;
    int on = 0;
    socklen_t length = sizeof(on);
    ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &length), 0);
    EXPECT_NE(on, 0) << "accepted socket " << fd << " has Nagle's algorithm on";
    ++found;
  }
  ::close(client);
  EXPECT_EQ(found, 1) << "the server's end of the connection was not found";
}

// Clients open dozens of connections at once (rolecall up to 64 per host). Connections the kernel
// has completed wait in the listen backlog until the server accepts them; past the backlog the
// SYN is dropped and the client retries after TCP's 1 s timer (Debian's httplib listens with a
// backlog of 5). Completion does not depend on how fast the server accepts, only on the backlog.
TEST_F(ServerSocket, ABurstOfConnectionsIsQueuedNotDropped) {
  constexpr int kConnections = 200;
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(emu_->port()));
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<pollfd> fds;
  for (int i = 0; i < kConnections; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof(server));
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS) << std::strerror(errno);
    fds.push_back({fd, POLLOUT, 0});
  }
  // Well under the 1 s SYN retransmit: a dropped SYN cannot have completed by then.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
  int connected = 0;
  std::vector<bool> done(fds.size(), false);
  while (connected < kConnections && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds.data(), fds.size(), 50) < 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (done[i] || (fds[i].revents & (POLLOUT | POLLERR | POLLHUP)) == 0) continue;
      int error = 0;
      socklen_t length = sizeof(error);
      ::getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, &error, &length);
      EXPECT_EQ(error, 0) << "connection " << i << ": " << std::strerror(error);
      done[i] = true;
      fds[i].events = 0;
      ++connected;
    }
  }
  for (const auto& p : fds) ::close(p.fd);
  EXPECT_EQ(connected, kConnections) << "connections still waiting for a SYN retransmit";
}

// Reads one HTTP response (head and Content-Length body) from `fd`; empty on timeout or close.
// `got` carries bytes read past that response (the next pipelined one) between calls.
std::string read_response(int fd, std::string& got) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    auto head_end = got.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length = 0;
      auto at = got.find("Content-Length: ");
      if (at != std::string::npos && at < head_end) length = std::strtoul(got.c_str() + at + 16, nullptr, 10);
      if (got.size() >= head_end + 4 + length) {
        std::string response = got.substr(0, head_end + 4 + length);
        got.erase(0, response.size());
        return response;
      }
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) return {};
    got.append(buffer, static_cast<std::size_t>(n));
  }
  return {};
}

// The server holds a response's head to send it with the body: a "100 Continue" must still reach
// a client that waits for it before sending the body, and the connection serves what follows.
TEST_F(ServerSocket, ExpectContinueIsAnsweredBeforeTheBodyAndTheConnectionStaysUsable) {
  const int client = connect_loopback(emu_->port());
  ASSERT_GE(client, 0);
  std::string pending;
  const std::string body = "Action=DescribeRegions&Version=2016-11-15";
  const std::string head =
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_EQ(::write(client, head.data(), head.size()), static_cast<ssize_t>(head.size()));
  EXPECT_EQ(read_response(client, pending).rfind("HTTP/1.1 100 Continue\r\n", 0), 0u);
  ASSERT_EQ(::write(client, body.data(), body.size()), static_cast<ssize_t>(body.size()));
  const std::string answer = read_response(client, pending);
  EXPECT_EQ(answer.rfind("HTTP/1.1 ", 0), 0u);
  EXPECT_NE(answer.find("<Response>"), std::string::npos) << answer;  // unsigned: an EC2-shaped error
  // Two requests in one write, answered in order on the same connection.
  const std::string two = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::write(client, two.data(), two.size()), static_cast<ssize_t>(two.size()));
  for (int i = 0; i < 2; ++i) {
    const std::string next = read_response(client, pending);
    EXPECT_EQ(next.rfind("HTTP/1.1 400 ", 0), 0u) << "response " << i << ": " << next;
    EXPECT_NE(next.find("MissingParameter"), std::string::npos) << next;
  }
  ::close(client);
}

}  // namespace
}  // namespace rolecall::emulator
