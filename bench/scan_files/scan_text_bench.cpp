// Google Benchmark: scan_text throughput on in-memory buffers.
#include <benchmark/benchmark.h>

#include <string>

#include "secrets/scan.h"

namespace {

// ~`bytes` of source-like text; every `key_every` lines a fake key pair (0: none).
std::string make_buffer(std::size_t bytes, std::size_t key_every) {
  std::string out;
  out.reserve(bytes + 256);
  std::size_t line = 0;
  while (out.size() < bytes) {
    ++line;
    if (key_every != 0 && line % key_every == 0) {
      out +=
          "export AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S\n"
          "export AWS_SECRET_ACCESS_KEY=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\n";
    } else if (line % 97 == 0) {
      out += "commit 3f786850e387550fdab836ed7e6dc881de23001b \"RoleId\": \"AROA5S73STX3FKHKT7TW\"\n";
    } else {
      out += "    result = compute_value(items[" + std::to_string(line % 1000) + "], options.timeout)  # retry\n";
    }
  }
  return out;
}

void scan(benchmark::State& state, std::size_t key_every) {
  const std::string buffer = make_buffer(static_cast<std::size_t>(state.range(0)), key_every);
  std::size_t findings = 0;
  for (auto _ : state) {
    auto result = rolecall::secrets::scan_text(buffer, "bench");
    findings = result.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(buffer.size()));
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_ScanTextClean(benchmark::State& state) { scan(state, 0); }
void BM_ScanTextSparseKeys(benchmark::State& state) { scan(state, 5000); }
void BM_ScanTextDenseKeys(benchmark::State& state) { scan(state, 50); }

BENCHMARK(BM_ScanTextClean)->Arg(64 << 10)->Arg(16 << 20);
BENCHMARK(BM_ScanTextSparseKeys)->Arg(16 << 20);
BENCHMARK(BM_ScanTextDenseKeys)->Arg(16 << 20);

void BM_ScanUserData(benchmark::State& state) {
  const std::string script = make_buffer(12 << 10, 100);
  std::string b64;
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i + 2 < script.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(script[i]) << 16) | (static_cast<unsigned char>(script[i + 1]) << 8) |
                   static_cast<unsigned char>(script[i + 2]);
    for (int k = 3; k >= 0; --k) b64 += kAlphabet[(n >> (6 * k)) & 63];
  }
  for (auto _ : state) {
    auto result = rolecall::secrets::scan_user_data(b64, "user-data");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(b64.size()));
}
BENCHMARK(BM_ScanUserData);

}  // namespace
