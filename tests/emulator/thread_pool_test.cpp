// The emulator's connection workers: idle keep-alive connections must not make a working
// connection wait (httplib holds a thread for each live connection).
#include "emulator/server/thread_pool.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "emulator/fixture.h"
#include "emulator/loopback_socket.h"

namespace rolecall::emulator {
namespace {

using namespace std::chrono_literals;
using namespace rolecall::testing;

TEST(ElasticThreadPool, StartsAThreadForEachTaskNoFreeThreadCanTake) {
  ElasticThreadPool pool(100);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  constexpr int kBlocked = 40;
  for (int i = 0; i < kBlocked; ++i) {
    pool.enqueue([&running, released] {
      ++running;
      released.wait();
    });
  }
  // Every task runs at once: none waits for another to finish.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (running.load() < kBlocked && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(running.load(), kBlocked);
  EXPECT_EQ(pool.started(), static_cast<std::size_t>(kBlocked));
  release.set_value();
  pool.shutdown();
}

TEST(ElasticThreadPool, ReusesParkedThreadsAndHonoursTheCap) {
  ElasticThreadPool pool(3);
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) pool.enqueue([&done] { ++done; });
  pool.shutdown();  // runs what is queued first
  EXPECT_EQ(done.load(), 50);
  EXPECT_LE(pool.started(), 3u);
  EXPECT_GE(pool.started(), 1u);
}

TEST(ElasticThreadPool, TasksAfterShutdownAreDropped) {
  ElasticThreadPool pool(2);
  pool.shutdown();
  bool ran = false;
  pool.enqueue([&ran] { ran = true; });
  pool.shutdown();
  EXPECT_FALSE(ran);
}

// Opens a connection to the emulator, completes one request on it and leaves it open, idle.
int idle_keep_alive_connection(int port) {
  int fd = connect_loopback(port);
  if (fd < 0) return -1;
  timeval timeout{10, 0};  // a connection the server never serves fails the test, not hangs it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  const std::string request = "GET /_emulator/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  char buffer[1024];
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()) ||
      ::read(fd, buffer, sizeof(buffer)) <= 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

using IdleConnections = EmulatorTest;

TEST_F(IdleConnections, DoNotStarveAWorkingOne) {
  // 300 idle keep-alive connections (more than a fixed pool of 256 threads) held open for the
  // whole test; the keep-alive lasts a minute, so a server that parks a thread on each and has
  // none left would make the next client wait out the 10 s timeout below.
  EmulatorOptions options;
  options.keep_alive = 60s;
  start(options);
  std::vector<int> idle;
  for (int i = 0; i < 300; ++i) {
    int fd = idle_keep_alive_connection(emu_->port());
    ASSERT_GE(fd, 0) << "idle connection " << i << " was not served";
    idle.push_back(fd);
  }
  httplib::Client client("127.0.0.1", emu_->port());
  client.set_connection_timeout(10s);
  client.set_read_timeout(10s);
  auto answer = client.Get("/_emulator/state");
  for (int fd : idle) ::close(fd);
  ASSERT_TRUE(answer) << "request waited behind idle connections: " << httplib::to_string(answer.error());
  EXPECT_GT(answer->status, 0);
}

double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

TEST_F(IdleConnections, CostNoCpuWhileIdle) {
  // httplib's own keep-alive wait polls every ~11 ms: 200 idle connections took ~0.4 CPU-s a
  // second. The emulator waits in one blocking poll per connection; this process (the emulator
  // runs in it) must stay near idle while they wait.
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) {
    int fd = idle_keep_alive_connection(emu_->port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  const double before = process_cpu_seconds();
  std::this_thread::sleep_for(1s);
  const double used = process_cpu_seconds() - before;
  for (int fd : idle) ::close(fd);
  EXPECT_LT(used, 0.1) << "idle keep-alive connections cost " << used << " CPU-s in 1 s";
}

}  // namespace
}  // namespace rolecall::emulator
