#include "aws/http/curl_loop.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "aws/http/local_server.h"
#include "support/fake_env.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::LocalServer;
using rolecall::testing::RefusingPort;
using std::chrono::milliseconds;

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.method = "GET";
  r.url = url;
  return r;
}

void serve_echo(LocalServer& s) {
  s.server().Get("/echo", [&s](const httplib::Request& req, httplib::Response& res) {
    s.enter(req);
    res.set_content("echo:" + req.get_param_value("i"), "text/plain");
    res.set_header("X-Seen-Header", req.get_header_value("X-Custom"));
    s.leave();
  });
  s.server().Post("/post", [&s](const httplib::Request& req, httplib::Response& res) {
    s.enter(req);
    res.status = 404;
    res.set_content(
        req.method + ":" + req.body + ":" + req.get_header_value("Content-Type") + ":" + req.get_header_value("Expect"),
        "text/plain");
    s.leave();
  });
}

TEST(CurlLoop, HundredsOfConcurrentRequestsOverFewConnections) {
  LocalServer server;
  serve_echo(server);
  server.start();
  HttpOptions options;
  options.max_per_host = 8;
  CurlLoop loop(options);
  constexpr int kRequests = 300;
  int ok = 0;
  int wrong = 0;
  for (int i = 0; i < kRequests; ++i) {
    loop.send(get(server.url("/echo?i=" + std::to_string(i))), [&, i](Result<HttpResponse> r) {
      if (r && r->status == 200 && r->body == "echo:" + std::to_string(i)) {
        ++ok;
      } else {
        ++wrong;
      }
    });
  }
  EXPECT_EQ(loop.active_requests(), 8u);
  EXPECT_EQ(loop.queued_requests(), static_cast<size_t>(kRequests - 8));
  loop.run();
  EXPECT_EQ(ok, kRequests);
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(server.requests(), kRequests);
  EXPECT_LE(server.connections(), 8u);  // keep-alive: connections are reused, never more than the cap
  EXPECT_LE(server.peak_concurrency(), 8);
  EXPECT_EQ(loop.active_requests(), 0u);
}

TEST(CurlLoop, EachPoolOnOneHostHasItsOwnCap) {
  // One endpoint URL serving several regions (an endpoint override) is capped per pool, as AWS's
  // per-region hosts would be: two pools of 4 keep up to 8 requests in flight on one host.
  LocalServer server;
  serve_echo(server);
  server.start();
  HttpOptions options;
  options.max_per_host = 4;
  CurlLoop loop(options);
  constexpr int kRequests = 40;
  int ok = 0;
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest request = get(server.url("/echo?i=" + std::to_string(i)));
    request.pool = i % 2 == 0 ? "endpoint#us-east-1/ec2" : "endpoint#eu-west-1/ec2";
    loop.send(std::move(request), [&](Result<HttpResponse> r) { ok += r && r->status == 200 ? 1 : 0; });
  }
  EXPECT_EQ(loop.active_requests(), 8u);
  EXPECT_EQ(loop.queued_requests(), static_cast<size_t>(kRequests - 8));
  loop.run();
  EXPECT_EQ(ok, kRequests);
  EXPECT_LE(server.peak_concurrency(), 8);
  EXPECT_LE(server.connections(), 8u);
}

TEST(CurlLoop, AllPoolsTogetherStayUnderTheGlobalCapAndTakeTurns) {
  // Three pools of 4 on one host, 6 in flight at most in all: the pools waiting for a global slot
  // take turns, so the last pool's requests do not wait for the first two pools' backlogs.
  LocalServer server;
  serve_echo(server);
  server.start();
  HttpOptions options;
  options.max_per_host = 4;
  options.max_in_flight = 6;
  CurlLoop loop(options);
  constexpr int kPerPool = 20;
  const std::vector<std::string> pools = {"endpoint#a/ec2", "endpoint#b/ec2", "endpoint#c/ec2"};
  std::vector<std::string> finished;  // pool of each completion, in order
  int ok = 0;
  for (const auto& pool : pools) {
    for (int i = 0; i < kPerPool; ++i) {
      HttpRequest request = get(server.url("/echo?i=" + std::to_string(i)));
      request.pool = pool;
      loop.send(std::move(request), [&, pool](Result<HttpResponse> r) {
        ok += r && r->status == 200 ? 1 : 0;
        finished.push_back(pool);
      });
    }
  }
  EXPECT_EQ(loop.active_requests(), 6u);
  loop.run();
  EXPECT_EQ(ok, 3 * kPerPool);
  EXPECT_LE(server.peak_concurrency(), 6);
  // Taking turns: pool c (queued last, behind 40 requests) finishes its first request within the
  // first half of all completions rather than after pools a and b have drained.
  const auto first_c = std::find(finished.begin(), finished.end(), "endpoint#c/ec2") - finished.begin();
  EXPECT_LT(first_c, 3 * kPerPool / 2) << "pool c waited for the other pools' backlogs";
}

TEST(CurlLoop, SequentialRequestsReuseOneConnection) {
  LocalServer server;
  serve_echo(server);
  server.start();
  CurlLoop loop;
  int remaining = 20;
  std::function<void()> next = [&] {
    loop.send(get(server.url("/echo?i=1")), [&](Result<HttpResponse> r) {
      ASSERT_TRUE(r.has_value()) << r.error().message;
      if (--remaining > 0) next();
    });
  };
  next();
  loop.run();
  EXPECT_EQ(remaining, 0);
  EXPECT_EQ(server.requests(), 20);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(CurlLoop, AKeptConnectionTheServerClosesIsDroppedAndTheNextRequestConnectsAgain) {
  LocalServer server;
  serve_echo(server);
  server.server().set_keep_alive_timeout(1);  // closes a connection idle for a second
  server.start();
  CurlLoop loop;
  size_t parked_after_first = 0;
  bool dropped = false;
  std::string second;
  std::function<void(int)> wait_for_drop = [&](int tries_left) {
    // Level-triggered: a closed connection left armed would wake every wait; it must be gone.
    if (loop.parked_connections() == 0 || tries_left == 0) {
      dropped = loop.parked_connections() == 0;
      loop.send(get(server.url("/echo?i=2")), [&](Result<HttpResponse> r) {
        ASSERT_TRUE(r.has_value()) << r.error().message;
        second = r->body;
      });
      return;
    }
    loop.schedule_after(std::chrono::milliseconds(100), [&, tries_left] { wait_for_drop(tries_left - 1); });
  };
  loop.send(get(server.url("/echo?i=1")), [&](Result<HttpResponse> r) {
    ASSERT_TRUE(r.has_value()) << r.error().message;
    parked_after_first = loop.parked_connections();
    wait_for_drop(150);  // up to 15 s for the server's close to arrive
  });
  loop.run();
  EXPECT_EQ(parked_after_first, 1u) << "the kept connection stays in the epoll set between requests";
  EXPECT_TRUE(dropped) << "the server closed it: it must leave the set";
  EXPECT_EQ(second, "echo:2");
  EXPECT_EQ(server.connections(), 2u);
}

TEST(CurlLoop, ServerClosingEveryConnectionStillServesAll) {
  LocalServer server;
  serve_echo(server);
  server.server().set_keep_alive_max_count(1);  // answers "Connection: close" and closes
  server.start();
  HttpOptions options;
  options.max_per_host = 4;
  CurlLoop loop(options);
  int ok = 0;
  for (int i = 0; i < 60; ++i) {
    loop.send(get(server.url("/echo?i=" + std::to_string(i))), [&, i](Result<HttpResponse> r) {
      ASSERT_TRUE(r.has_value()) << r.error().message;
      EXPECT_EQ(r->body, "echo:" + std::to_string(i));
      EXPECT_EQ(r->header("connection"), "close");
      ++ok;
    });
  }
  loop.run();
  EXPECT_EQ(ok, 60);
  EXPECT_EQ(server.connections(), 60u);  // one fresh connection per request
}

TEST(CurlLoop, PostBodyHeadersAndErrorStatusesAreResponses) {
  LocalServer server;
  serve_echo(server);
  server.start();
  CurlLoop loop;
  HttpRequest post;
  post.method = "POST";
  post.url = server.url("/post");
  post.body = std::string(5000, 'x');  // large enough that curl would otherwise send Expect: 100-continue
  post.set_header("Content-Type", "application/x-amz-json-1.1");
  std::optional<Result<HttpResponse>> posted;
  loop.send(post, [&](Result<HttpResponse> r) { posted = std::move(r); });
  HttpRequest with_header = get(server.url("/echo?i=7"));
  with_header.set_header("X-Custom", "hello");
  std::optional<Result<HttpResponse>> got;
  loop.send(with_header, [&](Result<HttpResponse> r) { got = std::move(r); });
  loop.run();
  ASSERT_TRUE(posted && posted->has_value());
  EXPECT_EQ((*posted)->status, 404);
  EXPECT_EQ((*posted)->body, "POST:" + std::string(5000, 'x') + ":application/x-amz-json-1.1:");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->header("x-seen-header"), "hello");  // case-insensitive lookup
  EXPECT_EQ((*got)->header("Content-Type"), "text/plain");
}

TEST(CurlLoop, StalledServerTimesOut) {
  LocalServer server;
  server.server().Get("/stall", [&server](const httplib::Request&, httplib::Response& res) {
    server.stall();
    res.set_content("late", "text/plain");
  });
  server.start();
  HttpOptions options;
  options.request_timeout = milliseconds(300);
  CurlLoop loop(options);
  std::optional<Result<HttpResponse>> outcome;
  auto started = std::chrono::steady_clock::now();
  loop.send(get(server.url("/stall?x=secret")), [&](Result<HttpResponse> r) { outcome = std::move(r); });
  loop.run();
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().kind, ErrorKind::kNetwork);
  EXPECT_NE(outcome->error().message.find("timed out"), std::string::npos) << outcome->error().message;
  EXPECT_EQ(outcome->error().message.find("secret"), std::string::npos) << "query strings stay out of messages";
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(CurlLoop, AnEndlessResponseIsCutOffAtTheBound) {
  // An endpoint that never stops sending (chunked, no length) must not fill memory: the body is
  // read up to max_response_bytes and the call fails, naming the URL without its query.
  LocalServer server;
  server.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/xml", [](size_t, httplib::DataSink& sink) {
      static const std::string chunk(64 * 1024, 'x');
      return sink.write(chunk.data(), chunk.size());  // false once the client has gone
    });
  });
  server.start();
  HttpOptions options;
  options.max_response_bytes = std::size_t{1} << 20;
  CurlLoop loop(options);
  std::optional<Result<HttpResponse>> outcome;
  loop.send(get(server.url("/endless?token=secret")), [&](Result<HttpResponse> r) { outcome = std::move(r); });
  loop.run();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value()) << "an endless body was accepted";
  EXPECT_EQ(outcome->error().kind, ErrorKind::kHttp);
  EXPECT_EQ(outcome->error().http_status, 200);
  EXPECT_NE(outcome->error().message.find("/endless"), std::string::npos) << outcome->error().message;
  EXPECT_NE(outcome->error().message.find("larger than 1 MiB"), std::string::npos) << outcome->error().message;
  EXPECT_EQ(outcome->error().message.find("secret"), std::string::npos);
}

TEST(CurlLoop, ConnectionRefusedIsNetworkError) {
  RefusingPort port;
  CurlLoop loop;
  std::optional<Result<HttpResponse>> outcome;
  loop.send(get("http://127.0.0.1:" + std::to_string(port.port()) + "/"),
            [&](Result<HttpResponse> r) { outcome = std::move(r); });
  loop.run();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().kind, ErrorKind::kNetwork);
  EXPECT_NE(outcome->error().message.find("127.0.0.1"), std::string::npos) << outcome->error().message;
}

TEST(CurlLoop, InvalidRequestFailsWithoutCallingBackInline) {
  CurlLoop loop;
  std::optional<Result<HttpResponse>> outcome;
  HttpRequest bad = get("http://127.0.0.1:1/");
  bad.set_header("X-Evil", "a\r\nInjected: yes");
  loop.send(bad, [&](Result<HttpResponse> r) { outcome = std::move(r); });
  EXPECT_FALSE(outcome.has_value());  // reported through the loop, not inside send()
  loop.run();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().kind, ErrorKind::kInvalidArgument);
}

TEST(CurlLoop, TimersRunInOrderAndRunReturnsWhenIdle) {
  CurlLoop loop;
  std::vector<int> order;
  auto started = loop.clock().monotonic();
  loop.schedule_after(milliseconds(60), [&] { order.push_back(3); });
  loop.schedule_after(milliseconds(20), [&] {
    order.push_back(2);
    loop.post([&] { order.push_back(4); });  // posted from a timer: runs before the 60 ms one
  });
  loop.post([&] { order.push_back(1); });
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 4, 3}));
  EXPECT_GE(loop.clock().monotonic() - started, milliseconds(60));
}

TEST(CurlLoop, PostFromAnotherThreadWakesThePoll) {
  CurlLoop loop;
  std::chrono::steady_clock::time_point posted_ran{};
  auto started = std::chrono::steady_clock::now();
  // The timer keeps the loop waiting in poll; the post must interrupt that wait.
  loop.schedule_after(milliseconds(900), [] {});
  std::thread other([&] {
    std::this_thread::sleep_for(milliseconds(30));
    loop.post([&] { posted_ran = std::chrono::steady_clock::now(); });
  });
  loop.run();
  other.join();
  ASSERT_NE(posted_ran, std::chrono::steady_clock::time_point{});
  EXPECT_LT(posted_ran - started, milliseconds(500));
}

TEST(CurlLoop, TimerFromAnotherThreadWakesThePoll) {
  CurlLoop loop;
  std::chrono::steady_clock::time_point timer_ran{};
  auto started = std::chrono::steady_clock::now();
  // The loop waits for the 900 ms timer; a sooner timer added meanwhile must cut that wait short.
  loop.schedule_after(milliseconds(900), [] {});
  std::thread other([&] {
    std::this_thread::sleep_for(milliseconds(30));
    loop.schedule_after(milliseconds(10), [&] { timer_ran = std::chrono::steady_clock::now(); });
  });
  loop.run();
  other.join();
  ASSERT_NE(timer_ran, std::chrono::steady_clock::time_point{});
  EXPECT_LT(timer_ran - started, milliseconds(500));
}

TEST(CurlLoop, ManyPostsFromAnotherThreadWhileTransfersRunAllArrive) {
  LocalServer server;
  serve_echo(server);
  server.start();
  CurlLoop loop;
  constexpr int kPosts = 2000;
  std::atomic<int> ran{0};
  int ok = 0;
  for (int i = 0; i < 20; ++i) {
    loop.send(get(server.url("/echo?i=" + std::to_string(i))), [&](Result<HttpResponse> r) { ok += r ? 1 : 0; });
  }
  std::thread other([&] {
    for (int i = 0; i < kPosts; ++i) loop.post([&] { ++ran; });
  });
  // The posts come while the loop waits for sockets or for nothing: none may be left behind.
  loop.schedule_after(milliseconds(100), [] {});
  loop.run();
  other.join();
  loop.run();  // whatever the other thread posted after the first run() returned
  EXPECT_EQ(ran.load(), kPosts);
  EXPECT_EQ(ok, 20);
}

TEST(CurlLoop, SendFromAnotherThreadHopsOntoTheLoop) {
  LocalServer server;
  serve_echo(server);
  server.start();
  CurlLoop loop;
  std::thread::id callback_thread;
  loop.schedule_after(milliseconds(200), [] {});  // keeps run() alive while the other thread sends
  std::thread other([&] {
    loop.send(get(server.url("/echo?i=2")), [&](Result<HttpResponse> r) {
      EXPECT_TRUE(r.has_value());
      callback_thread = std::this_thread::get_id();
    });
  });
  loop.run();
  other.join();
  EXPECT_EQ(callback_thread, std::this_thread::get_id());
}

// Process environment variables set for one test and restored afterwards: libcurl reads its proxy
// settings from the process itself.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CurlLoop, ProxyFromEnvironmentAndNoProxyBypass) {
  LocalServer server;
  serve_echo(server);
  server.start();
  RefusingPort dead_proxy;
  std::string proxy = "http://127.0.0.1:" + std::to_string(dead_proxy.port());
  ScopedEnv http_proxy("http_proxy", proxy.c_str());
  ScopedEnv all_proxy("ALL_PROXY", nullptr);
  {
    ScopedEnv no_proxy_lower("no_proxy", nullptr);
    ScopedEnv no_proxy("NO_PROXY", nullptr);
    CurlLoop loop;
    std::optional<Result<HttpResponse>> outcome;
    loop.send(get(server.url("/echo?i=1")), [&](Result<HttpResponse> r) { outcome = std::move(r); });
    loop.run();
    ASSERT_TRUE(outcome.has_value());
    EXPECT_FALSE(outcome->has_value()) << "the request should have gone to the (dead) proxy";
  }
  {
    ScopedEnv no_proxy_lower("no_proxy", nullptr);
    ScopedEnv no_proxy("NO_PROXY", "localhost,127.0.0.1");
    CurlLoop loop;
    std::optional<Result<HttpResponse>> outcome;
    loop.send(get(server.url("/echo?i=1")), [&](Result<HttpResponse> r) { outcome = std::move(r); });
    loop.run();
    ASSERT_TRUE(outcome.has_value());
    ASSERT_TRUE(outcome->has_value()) << outcome->error().message;
    EXPECT_EQ((*outcome)->body, "echo:1");
  }
}

TEST(CurlLoop, DestructionCancelsPendingRequests) {
  LocalServer server;
  serve_echo(server);
  server.start();
  std::vector<ErrorKind> kinds;
  {
    HttpOptions options;
    options.max_per_host = 1;
    CurlLoop loop(options);
    for (int i = 0; i < 3; ++i) {
      loop.send(get(server.url("/echo?i=1")),
                [&](Result<HttpResponse> r) { kinds.push_back(r ? ErrorKind::kInternal : r.error().kind); });
    }
  }
  EXPECT_EQ(kinds, (std::vector<ErrorKind>{ErrorKind::kCancelled, ErrorKind::kCancelled, ErrorKind::kCancelled}));
}

TEST(HttpOptions, CaBundleFromEnvironment) {
  rolecall::testing::FakeEnv env({{"AWS_CA_BUNDLE", "/etc/ssl/custom.pem"}});
  EXPECT_EQ(HttpOptions::from_environment(env).ca_bundle, "/etc/ssl/custom.pem");
  env.set("AWS_CA_BUNDLE", std::nullopt);
  EXPECT_EQ(HttpOptions::from_environment(env).ca_bundle, "");
}

TEST(CurlLoop, OffloadedWorkRunsOffTheLoopThreadAndRunWaitsForIt) {
  CurlLoop loop;
  std::thread::id loop_thread, then_thread;
  std::mutex work_mutex;  // the work may run on several worker threads at once
  std::vector<std::thread::id> work_threads;
  int thens = 0;
  loop.post([&] {
    loop_thread = std::this_thread::get_id();
    for (int i = 0; i < 3; ++i) {
      loop.offload(
          [&] {
            // Long enough that a run() which ignored outstanding work would already have returned.
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            std::lock_guard lock(work_mutex);
            work_threads.push_back(std::this_thread::get_id());
          },
          [&] {
            then_thread = std::this_thread::get_id();
            ++thens;
          });
    }
  });
  loop.run();
  EXPECT_EQ(thens, 3);  // run() returned only once every offload had come back
  ASSERT_EQ(work_threads.size(), 3u);
  for (auto id : work_threads) EXPECT_NE(id, loop_thread);
  EXPECT_EQ(then_thread, loop_thread);
}

}  // namespace
}  // namespace rolecall::aws
