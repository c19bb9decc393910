// The emulator's accepted sockets have TCP_NODELAY: without it a response written as headers then
// body waits for the client's delayed ACK (~40 ms per small request). The server runs in this
// process, so the test finds the accepted socket among its own descriptors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "emulator/fixture.h"

namespace rolecall::emulator::testing {
namespace {

int local_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || address.sin_family != AF_INET) return -1;
  return ntohs(address.sin_port);
}

int peer_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 || address.sin_family != AF_INET) return -1;
  return ntohs(address.sin_port);
}

using ServerSocket = EmulatorTest;

TEST_F(ServerSocket, AcceptedConnectionsHaveTcpNoDelay) {
  // A client socket of our own (Nagle left on) so we know the peer port to look for.
  int client = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(client, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(emulator_->port()));
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
    if (fd == client || local_port(fd) != emulator_->port() || peer_port(fd) != client_port) continue;
    int on = 0;
    socklen_t length = sizeof(on);
    ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &length), 0);
    EXPECT_NE(on, 0) << "accepted socket " << fd << " has Nagle's algorithm on";
    ++found;
  }
  ::close(client);
  EXPECT_EQ(found, 1) << "the server's end of the connection was not found";
}

}  // namespace
}  // namespace rolecall::emulator::testing
