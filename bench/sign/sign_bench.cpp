// SigV4 cost per request: signing a typical EC2 DescribeInstances POST, with the per-day derived
// key cached (steady state) and re-derived (first request of a day / new credentials), and
// verifying it the way the emulator does (parse_authorization + verify_request).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>

#include "aws/sigv4.h"

namespace {

namespace v4 = rolecall::aws::sigv4;
using namespace std::chrono;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

v4::SigningParams params() {
  v4::SigningParams p;
  p.access_key_id = "ASIAIOSFODNN7EXAMPLE";
  p.secret_access_key = kSecret;
  p.session_token = std::string(400, 'T');  // STS session tokens are several hundred bytes
  p.region = "us-east-1";
  p.service = "ec2";
  p.time = sys_days{year{2026} / November / 24} + hours{2} + minutes{39};
  return p;
}

// What the EC2 client sends: a form body with a filter and a page size, and the usual headers.
rolecall::aws::HttpRequest describe_instances() {
  return {"POST",
          "https://ec2.us-east-1.amazonaws.com/",
          {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"User-Agent", "rolecall/0.1.0"}},
          "Action=DescribeInstances&Version=2016-11-15&MaxResults=1000&Filter.1.Name=instance-state-name"
          "&Filter.1.Value.1=pending&Filter.1.Value.2=running&Filter.1.Value.3=stopping&Filter.1.Value.4=stopped",
          {}};
}

void BM_SignDescribeInstances(benchmark::State& state) {
  const auto p = params();
  const auto unsigned_request = describe_instances();
  for (auto _ : state) {
    auto request = unsigned_request;
    auto result = v4::sign_request(request, p);
    if (!result) std::abort();
    benchmark::DoNotOptimize(result->signature.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignDescribeInstances);

void BM_SignDescribeInstancesNewKey(benchmark::State& state) {
  auto p = params();
  const auto unsigned_request = describe_instances();
  for (auto _ : state) {
    p.time += days{1};  // a new scope date each time defeats the derived-key cache
    auto request = unsigned_request;
    auto result = v4::sign_request(request, p);
    if (!result) std::abort();
    benchmark::DoNotOptimize(result->signature.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignDescribeInstancesNewKey);

void BM_VerifyDescribeInstances(benchmark::State& state) {
  auto request = describe_instances();
  if (!v4::sign_request(request, params())) std::abort();
  for (auto _ : state) {
    auto auth = v4::parse_authorization(request);
    if (!auth) std::abort();
    auto result = v4::verify_request(request, *auth, kSecret);
    if (!result) std::abort();
    benchmark::DoNotOptimize(result->signature.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyDescribeInstances);

void BM_PresignGetCallerIdentity(benchmark::State& state) {
  const rolecall::aws::HttpRequest unsigned_request{
      "GET", "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", {}, {}, {}};
  auto p = params();
  p.service = "sts";
  for (auto _ : state) {
    auto request = unsigned_request;
    auto result = v4::presign_request(request, p);
    if (!result) std::abort();
    benchmark::DoNotOptimize(request.url.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PresignGetCallerIdentity);

}  // namespace

BENCHMARK_MAIN();
