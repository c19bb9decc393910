// The trail file reader's side of bench/trail_files/run_bench.py: `read DIR` runs rolecall's reader
// (inventory::list_trail_files + read_trail_files: decompress, parse, keep long-term key records,
// aggregate) and prints the calls per key and source address, to be checked against `zcat | jq`;
// `inflate DIR` is the floor: the same decompressor (ISA-L) over the same files on the same threads,
// nothing parsed. Both print JSON with their wall time.
// Usage: bench_trail_files read|inflate DIR [THREADS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/env.h"
#include "base/parallel_for.h"
#include "inventory/gzip_inflate.h"
#include "inventory/trail_file_parse.h"
#include "inventory/trail_files.h"

namespace {

namespace inventory = rolecall::inventory;
using SteadyClock = std::chrono::steady_clock;

int usage() {
  std::fprintf(stderr, "usage: bench_trail_files read|inflate DIR [THREADS]\n");
  return 2;
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
  } else {
    return usage();
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
