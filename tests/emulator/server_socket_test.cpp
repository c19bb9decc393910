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
#include <vector>

#include "emulator/fixture.h"

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
  int client = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(client, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(emu_->port()));
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&server), sizeof(server)), 0);
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

}  // namespace
}  // namespace rolecall::emulator
