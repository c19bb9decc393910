// Throughput of the HTTP transport against a local server that answers after a fixed delay
// (standing in for an AWS API's ~20 ms service time): CurlLoop with N requests in flight on one
// thread, against the baseline a script would use, one blocking request after another.

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "aws/http/curl_blocking_client.h"
#include "aws/http/curl_loop.h"

namespace {

using rolecall::Result;
using rolecall::aws::CurlBlockingClient;
using rolecall::aws::CurlLoop;
using rolecall::aws::HttpOptions;
using rolecall::aws::HttpRequest;
using rolecall::aws::HttpResponse;

constexpr int kRequestsPerIteration = 400;
constexpr auto kServiceTime = std::chrono::milliseconds(20);

// One local server for the whole run.
class Server {
 public:
  Server() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(96); };
    server_.set_keep_alive_max_count(1000000);
    server_.set_tcp_nodelay(true);
    server_.Post("/", [](const httplib::Request& req, httplib::Response& res) {
      std::this_thread::sleep_for(kServiceTime);
      res.set_content("<DescribeInstancesResponse><requestId>" + std::to_string(req.body.size()) +
                          "</requestId></DescribeInstancesResponse>",
                      "text/xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~Server() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
};

Server& server() {
  static Server s;
  return s;
}

HttpRequest describe() {
  HttpRequest r;
  r.method = "POST";
  r.url = server().url();
  r.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  r.body = "Action=DescribeInstances&Version=2016-11-15&MaxResults=1000";
  return r;
}

void BM_CurlLoop(benchmark::State& state) {
  HttpOptions options;
  options.max_per_host = state.range(0);
  CurlLoop loop(options);
  int failures = 0;
  for (auto _ : state) {
    for (int i = 0; i < kRequestsPerIteration; ++i) {
      loop.send(describe(), [&](Result<HttpResponse> r) {
        if (!r || r->status != 200) ++failures;
      });
    }
    loop.run();
  }
  if (failures != 0) state.SkipWithError("requests failed");
  state.SetItemsProcessed(state.iterations() * kRequestsPerIteration);
}
BENCHMARK(BM_CurlLoop)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_SequentialBlocking(benchmark::State& state) {
  CurlBlockingClient client;
  int failures = 0;
  for (auto _ : state) {
    for (int i = 0; i < kRequestsPerIteration; ++i) {
      auto r = client.fetch(describe());
      if (!r || r->status != 200) ++failures;
    }
  }
  if (failures != 0) state.SkipWithError("requests failed");
  state.SetItemsProcessed(state.iterations() * kRequestsPerIteration);
}
BENCHMARK(BM_SequentialBlocking)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
