// Emulator throughput: the server-side CPU cost of a 1,000-instance DescribeInstances page
// (dispatcher in-process, no HTTP) and small signed requests over keep-alive HTTP connections.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <httplib.h>

#include "aws/protocol/query.h"
#include "aws/sigv4.h"
#include "emulator/emulator.h"
#include "emulator/estate/estate_io.h"
#include "emulator/server/dispatch.h"

namespace {

using namespace rolecall;
using nlohmann::json;

constexpr const char* kKey = "AKIABENCH00000000001";
constexpr const char* kSecret = "bench-secret";

json bench_estate(int instances) {
  json list = json::array();
  for (int i = 0; i < instances; ++i) {
    list.push_back({{"id", fmt::format("i-{:017x}", i + 1)},
                    {"region", "us-east-1"},
                    {"state", "running"},
                    {"instance_profile", i % 2 ? json("web") : json(nullptr)},
                    {"tags", {{"Name", fmt::format("node-{}", i)}}}});
  }
  json trust = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"}, {"Principal", {{"Service", "ec2.amazonaws.com"}}}, {"Action", "sts:AssumeRole"}}}}};
  json account = {{"id", "111111111111"},
                  {"name", "bench"},
                  {"users",
                   {{{"name", "admin"},
                     {"access_keys", {{{"id", kKey}, {"secret", kSecret}}}},
                     {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}}}}},
                  {"roles", {{{"name", "web"}, {"trust_policy", trust}}}},
                  {"instance_profiles", {{{"name", "web"}, {"roles", {"web"}}}}},
                  {"instances", list}};
  return {{"schema_version", 1}, {"regions", {"us-east-1"}}, {"accounts", {account}}};
}

aws::HttpRequest signed_request(const std::string& host, const std::string& service, const aws::QueryParams& params) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = "http://" + host + "/";
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
  request.body = aws::encode_form(params);
  aws::sigv4::SigningParams signing;
  signing.access_key_id = kKey;
  signing.secret_access_key = kSecret;
  signing.region = "us-east-1";
  signing.service = service;
  signing.time = std::chrono::system_clock::now();
  (void)aws::sigv4::sign_request(request, signing);
  return request;
}

// Server-side cost of one MaxResults=1000 DescribeInstances page: verify, authorize, render.
void BM_DescribeInstancesPage1000_Dispatch(benchmark::State& state) {
  emulator::Core core;
  core.token_key = "bench-key";
  auto estate = emulator::load_estate_json(bench_estate(1000));
  if (!estate) {
    state.SkipWithError(estate.error().message.c_str());
    return;
  }
  core.estate = std::move(*estate);
  emulator::Dispatcher dispatcher(core);
  auto request = signed_request("127.0.0.1:1", "ec2",
                                {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"MaxResults", "1000"}});
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto outcome = dispatcher.handle(request);
    if (outcome.response.status != 200) state.SkipWithError("DescribeInstances failed");
    bytes = outcome.response.body.size();
    benchmark::DoNotOptimize(outcome);
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_DescribeInstancesPage1000_Dispatch)->Unit(benchmark::kMillisecond);

std::unique_ptr<emulator::Emulator>& shared_emulator() {
  static std::unique_ptr<emulator::Emulator> instance = [] {
    emulator::EmulatorOptions options;
    options.estate = bench_estate(1000);
    options.threads = 16;
    auto started = emulator::Emulator::start(options);
    return started ? std::move(*started) : nullptr;
  }();
  return instance;
}

// Small signed requests (GetCallerIdentity) over one keep-alive connection per benchmark thread.
void BM_SmallRequests_KeepAlive(benchmark::State& state) {
  auto& emu = shared_emulator();
  if (!emu) {
    state.SkipWithError("emulator did not start");
    return;
  }
  httplib::Client client("127.0.0.1", emu->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  std::string host = fmt::format("127.0.0.1:{}", emu->port());
  auto request = signed_request(host, "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  httplib::Headers headers;
  for (const auto& h : request.headers) {
    if (h.name != "Content-Type") headers.emplace(h.name, h.value);  // httplib adds its own
  }
  for (auto _ : state) {
    auto result = client.Post("/", headers, request.body, "application/x-www-form-urlencoded; charset=utf-8");
    if (!result || result->status != 200) {
      state.SkipWithError("request failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SmallRequests_KeepAlive)->Threads(1)->Threads(2)->Threads(4)->UseRealTime()->MinTime(2.0);

// A whole 1,000-instance page over HTTP (client parse excluded, transfer included).
void BM_DescribeInstancesPage1000_Http(benchmark::State& state) {
  auto& emu = shared_emulator();
  if (!emu) {
    state.SkipWithError("emulator did not start");
    return;
  }
  httplib::Client client("127.0.0.1", emu->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  auto request = signed_request(fmt::format("127.0.0.1:{}", emu->port()), "ec2",
                                {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"MaxResults", "1000"}});
  httplib::Headers headers;
  for (const auto& h : request.headers) {
    if (h.name != "Content-Type") headers.emplace(h.name, h.value);  // httplib adds its own
  }
  for (auto _ : state) {
    auto result = client.Post("/", headers, request.body, "application/x-www-form-urlencoded; charset=utf-8");
    if (!result || result->status != 200) {
      state.SkipWithError("request failed");
      break;
    }
  }
}
BENCHMARK(BM_DescribeInstancesPage1000_Http)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
