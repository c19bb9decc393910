// The trail file reader's side of bench/trail_files/run_bench.py: `read DIR` runs rolecall's reader
// (inventory::list_trail_files + read_trail_files: decompress, parse, keep long-term key records,
// aggregate) and prints the calls per key and source address, to be checked against `zcat | jq`;
// `inflate DIR` is the floor: the same decompressor (ISA-L) over the same files on the same threads,
// nothing parsed. Both print JSON with their wall time. `parse DIR ROUNDS` is the per-core split:
// every file under DIR decompressed into memory first, then on one thread the reader's parse and
// aggregation of all of them (tables warm from a first pass, as after the first copies of a large
// archive) and ISA-L's decompression of the same files, each the best of ROUNDS; beside them two
// parts of the parse: the copy it makes of JSON given uncompressed (for simdjson's padding; a .gz
// file is inflated into the padded buffer instead, so a real read has no such copy), and
// simdjson's structural indexing of every byte alone (stage 1, which the on-demand parse runs
// first): the least any parse built on simdjson can cost.
// Usage: bench_trail_files read|inflate DIR [THREADS] | parse DIR [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "base/env.h"
#include "base/parallel_for.h"
#include "inventory/gzip_inflate.h"
#include "inventory/trail_aggregate.h"
#include "inventory/trail_file_parse.h"
#include "inventory/trail_files.h"

namespace {

namespace inventory = rolecall::inventory;
using SteadyClock = std::chrono::steady_clock;

int usage() {
  std::fprintf(stderr, "usage: bench_trail_files read|inflate DIR [THREADS] | parse DIR [ROUNDS]\n");
  return 2;
}

// `parse`: the best of `rounds` of parsing and aggregating every file's JSON on one thread, against
// the best of `rounds` of decompressing the same files.
nlohmann::json parse_split(const rolecall::base::Env& env, const std::vector<std::string>& files, int rounds) {
  std::vector<std::string> gz, json;
  inventory::GzipInflater inflater;
  std::string buffer;
  std::size_t json_bytes = 0;
  for (const auto& f : files) {
    auto bytes = env.read_file(f);
    if (!bytes || !inflater.inflate(*bytes, buffer, inventory::kMaxTrailFileBytes, 64)) continue;
    gz.push_back(std::move(*bytes));
    json.push_back(buffer);
    json_bytes += buffer.size();
  }
  inventory::TrailAggregator aggregate(inventory::trail_window_back(std::chrono::system_clock::now(), 365 * 100), 1);
  for (const auto& j : json) aggregate.parse(0, "warm-up", j);
  std::vector<simdjson::padded_string> padded(json.begin(), json.end());
  simdjson::ondemand::parser indexer(inventory::kMaxTrailFileBytes);
  std::size_t indexed = 0;  // checked after: every document was indexed, none failed
  auto seconds = [](SteadyClock::time_point a, SteadyClock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  double parse = 1e300, inflate = 1e300, copy = 1e300, index = 1e300;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = SteadyClock::now();
    for (const auto& j : json) aggregate.parse(0, "round", j);
    const auto t1 = SteadyClock::now();
    for (const auto& g : gz) (void)inflater.inflate(g, buffer, inventory::kMaxTrailFileBytes, 64);
    const auto t2 = SteadyClock::now();
    for (const auto& j : json) {
      buffer.reserve(j.size() + simdjson::SIMDJSON_PADDING);
      buffer.assign(j);
    }
    const auto t3 = SteadyClock::now();
    indexed = 0;
    for (const auto& p : padded) {
      simdjson::ondemand::document doc;
      if (indexer.iterate(p).get(doc) == simdjson::SUCCESS) ++indexed;
    }
    const auto t4 = SteadyClock::now();
    parse = std::min(parse, seconds(t0, t1));
    inflate = std::min(inflate, seconds(t1, t2));
    copy = std::min(copy, seconds(t2, t3));
    index = std::min(index, seconds(t3, t4));
  }
  if (indexed != padded.size()) {
    std::fprintf(stderr, "simdjson indexed %zu of %zu documents\n", indexed, padded.size());
    std::exit(1);
  }
  return {{"files", gz.size()},
          {"json_bytes", json_bytes},
          {"parse_ms", parse * 1e3},
          {"inflate_ms", inflate * 1e3},
          {"parse_per_inflate", parse / inflate},
          {"copy_ms", copy * 1e3},
          {"parse_without_copy_per_inflate", (parse - copy) / inflate},
          {"index_ms", index * 1e3},
          {"index_per_inflate", index / inflate},
          {"rounds", rounds}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string mode = argv[1], dir = argv[2];
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : std::thread::hardware_concurrency();
  rolecall::base::Env& env = rolecall::base::Env::system();
  const auto start = SteadyClock::now();
  auto files = inventory::list_trail_files(env, dir);
  if (!files) {
    std::fprintf(stderr, "%s\n", files.error().message.c_str());
    return 1;
  }
  nlohmann::json out = {{"files", files->size()}, {"threads", threads}};
  if (mode == "read") {
    inventory::TrailFilesOptions options;
    options.dir = dir;
    // Every event counts, as for jq: the generated dates stay within a century.
    options.window = inventory::trail_window_back(std::chrono::system_clock::now(), 365 * 100);
    options.threads = threads;
    inventory::TrailFilesResult read = inventory::read_trail_files(env, *files, options);
    out["seconds"] = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::map<std::string, std::size_t> groups;  // "KEY IP" -> calls, whatever the region or endpoint
    for (const auto& use : read.evidence.uses) groups[use.key_id + " " + use.source_ip] += use.events;
    out["failed"] = read.failures.size();
    out["groups"] = groups;
  } else if (mode == "inflate") {
    std::vector<inventory::GzipInflater> inflaters(threads);
    std::vector<std::string> buffers(threads);
    std::vector<std::size_t> bytes(threads, 0);
    rolecall::base::parallel_for(files->size(), threads, [&](std::size_t i, unsigned t) {
      auto gz = env.read_file((*files)[i]);
      if (gz && inflaters[t].inflate(*gz, buffers[t], inventory::kMaxTrailFileBytes, 64)) bytes[t] += buffers[t].size();
    });
    out["seconds"] = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::size_t total = 0;
    for (auto b : bytes) total += b;
    out["decompressed_bytes"] = total;
  } else if (mode == "parse") {
    out = parse_split(env, *files, argc > 3 ? std::atoi(argv[3]) : 15);
  } else {
    return usage();
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
