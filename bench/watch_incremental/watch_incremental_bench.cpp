// The cost of one `rolecall watch` re-audit after N instances changed, on an estate of E instances
// (docs/benchmarks.md, "Incremental re-audit"): the incremental re-audit (the changed instances
// collected by id, judged alone) against the account+region re-audit (WatchOptions::incremental
// false). An in-process emulator serves a generated one-account, one-region estate, recording every
// mutating call as a CloudTrail event; each poll follows ModifyInstanceMetadataOptions calls on N
// instances. Prints one Markdown row per estate, mode and N: the requests the re-audit made
// (LookupEvents apart), the DescribeInstances / DescribeInstanceAttribute /
// GetAccountAuthorizationDetails among them, the poll's LookupEvents pages, its wall time and the
// CPU of the thread running watch.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "aws/session.h"
#include "base/env.h"
#include "base/sync.h"
#include "emulator/emulator.h"
#include "rolecall/watch.h"

namespace {

using namespace rolecall;

double watch_thread_cpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct PollCost {
  std::size_t changed = 0;
  std::map<std::string, int> calls;  // by action
  double seconds = 0;
  double client_cpu = 0;     // CPU of the thread running watch (its event loop and checks; not the emulator's)
  std::size_t verdicts = 0;  // lines watch reported
};

// The requests the emulator served, by action, from its log hook ("... [ec2 Action account] ...").
class CallCounter {
 public:
  void count(const std::string& line) {
    auto open = line.find('[');
    if (open == std::string::npos) return;
    auto service_end = line.find(' ', open + 1);
    if (service_end == std::string::npos) return;
    auto action_end = line.find_first_of(" ]", service_end + 1);
    if (action_end == std::string::npos) return;
    std::lock_guard<std::mutex> lock(mutex_);
    ++calls_[line.substr(service_end + 1, action_end - service_end - 1)];
  }
  std::map<std::string, int> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(calls_, {});
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> calls_;
};

// Runs the first scan, then one poll per entry of `changes` after changing that many instances.
std::vector<PollCost> run_watch(int estate, bool incremental, const std::vector<int>& changes,
                                const std::string& checks, const std::string& dir) {
  CallCounter counter;
  emulator::EmulatorOptions options;
  options.generate = emulator::GeneratorSpec{.accounts = 1, .regions = 1, .instances = estate, .seed = 1};
  options.record_calls = true;
  options.log = [&counter](const std::string& line) { counter.count(line); };
  auto emu = emulator::Emulator::start(options);
  if (!emu) {
    std::fprintf(stderr, "bench_watch_incremental: %s\n", emu.error().describe().c_str());
    std::exit(2);
  }
  const std::string credentials = dir + "/credentials";
  if (std::FILE* f = std::fopen(credentials.c_str(), "w")) {
    const std::string text = (*emu)->credentials_file_text();
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  base::SystemEnv env({{"AWS_SHARED_CREDENTIALS_FILE", credentials},
                       {"AWS_CONFIG_FILE", dir + "/config"},
                       {"AWS_EC2_METADATA_DISABLED", "true"},
                       {"HOME", dir}});
  aws::SessionOptions so;
  so.region = "us-east-1";
  so.endpoint_url = (*emu)->endpoint_url();
  so.env = &env;
  auto session = aws::Session::create(so);
  if (!session) {
    std::fprintf(stderr, "bench_watch_incremental: %s\n", session.error().describe().c_str());
    std::exit(2);
  }
  auto client = (*session)->client((*session)->credentials(), "bench");

  WatchOptions watch_options;
  watch_options.interval = std::chrono::seconds(1);
  watch_options.max_polls = changes.size();
  watch_options.incremental = incremental;
  if (!checks.empty()) {
    for (std::size_t start = 0; start <= checks.size();) {
      std::size_t comma = checks.find(',', start);
      if (comma == std::string::npos) comma = checks.size();
      watch_options.scan.judge.checks.push_back(checks.substr(start, comma - start));
      start = comma + 1;
    }
  }
  std::vector<std::pair<std::string, std::string>> candidates;  // instance, region: IMDSv1 allowed
  std::vector<PollCost> out;
  std::size_t next = 0;
  std::size_t verdicts = 0;
  auto started = std::chrono::steady_clock::now();
  double cpu_started = watch_thread_cpu();
  bool poll_open = false;  // a poll is being measured: closed when its audit ends, before watch tears down
  auto close_poll = [&] {
    if (out.empty() || !std::exchange(poll_open, false)) return;
    out.back().seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out.back().client_cpu = watch_thread_cpu() - cpu_started;
    out.back().calls = counter.take();
    out.back().verdicts = verdicts;
  };
  WatchHooks hooks;
  hooks.on_scan = [&](const ScanResult&, const Inventory& inventory) {
    if (!candidates.empty()) return;
    for (const auto& r : inventory.regions) {
      for (const auto& i : r.instances) {
        if (i.metadata.http_tokens != "required" && i.state == "running") candidates.emplace_back(i.id, r.region);
      }
    }
  };
  hooks.on_change = [&](const VerdictChange&) { ++verdicts; };
  hooks.on_audit_end = close_poll;
  hooks.incremental_scans = false;  // as `rolecall watch` without --store or --security-hub
  hooks.wait = [&](std::chrono::seconds) {
    close_poll();
    const int n = changes[out.size()];
    for (int k = 0; k < n && next < candidates.size(); ++k, ++next) {
      aws::ServiceCall call;
      call.service = "ec2";
      call.region = candidates[next].second;
      call.action = "ModifyInstanceMetadataOptions";
      call.api_version = "2016-11-15";
      call.api_class = aws::ApiClass::kMutate;
      call.params = {{"InstanceId", candidates[next].first}, {"HttpTokens", "required"}};
      auto done = base::run_sync<aws::ServiceResponse>(
          (*session)->loop(),
          [&](std::function<void(Result<aws::ServiceResponse>)> reply) { client->call(std::move(call), reply); });
      if (!done) std::fprintf(stderr, "bench_watch_incremental: %s\n", done.error().describe().c_str());
    }
    out.push_back({static_cast<std::size_t>(n), {}, 0, 0, 0});
    counter.take();
    verdicts = 0;
    started = std::chrono::steady_clock::now();
    cpu_started = watch_thread_cpu();
    poll_open = true;
  };
  auto watched = watch(**session, watch_options, hooks);
  if (!watched) {
    std::fprintf(stderr, "bench_watch_incremental: %s\n", watched.error().describe().c_str());
    std::exit(2);
  }
  close_poll();
  (*emu)->stop();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rolecall watch: the cost of a re-audit, incremental against account+region"};
  std::vector<int> estates{10000};
  std::vector<int> changes{1, 1000};
  std::string checks;
  std::string dir = "/tmp";
  bool baseline = true;
  app.add_option("--estate", estates, "instances in the estate (repeatable)");
  app.add_option("--changes", changes, "instances changed before each poll (repeatable, in order)");
  app.add_option("--checks", checks, "comma-separated checks (default: the default ones)");
  app.add_option("--dir", dir, "where the emulator's credentials file is written");
  app.add_flag("!--no-baseline", baseline, "only the incremental re-audit");
  CLI11_PARSE(app, argc, argv);
  std::printf(
      "| estate | re-audit | changed | requests | DescribeInstances | DescribeInstanceAttribute | "
      "GetAccountAuthorizationDetails | LookupEvents | verdict lines | wall s | client CPU s "
      "|\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int estate : estates) {
    for (bool incremental : {true, false}) {
      if (!incremental && !baseline) continue;
      for (const PollCost& poll : run_watch(estate, incremental, changes, checks, dir)) {
        int requests = 0;
        for (const auto& [action, n] : poll.calls) requests += action == "LookupEvents" ? 0 : n;
        auto of = [&](const char* action) {
          auto it = poll.calls.find(action);
          return it == poll.calls.end() ? 0 : it->second;
        };
        std::printf("| %d | %s | %zu | %d | %d | %d | %d | %d | %zu | %.2f | %.3f |\n", estate,
                    incremental ? "incremental" : "account+region", poll.changed, requests, of("DescribeInstances"),
                    of("DescribeInstanceAttribute"), of("GetAccountAuthorizationDetails"), of("LookupEvents"),
                    poll.verdicts, poll.seconds, poll.client_cpu);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
