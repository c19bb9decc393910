#include "inventory/trail_files.h"

#include <algorithm>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/parallel_for.h"
#include "inventory/key_use.h"
#include "inventory/trail_file_parse.h"

namespace rolecall::inventory {
namespace {

// Deeper than any `aws s3 sync` layout (AWSLogs/o-org/acct/CloudTrail/region/YYYY/MM/DD): a
// symbolic link loop ends here instead of recursing forever.
constexpr int kTrailMaxDepth = 24;
// Failed files named one by one among the scan's errors; the rest are counted in one more.
constexpr std::size_t kTrailFailuresNamed = 10;

bool is_trail_file_name(std::string_view name) { return name.ends_with(".json.gz") || name.ends_with(".json"); }

Result<void> walk_trail_dir(const base::Env& env, const std::string& dir, int depth, std::vector<std::string>& out) {
  auto names = env.list_directory(dir);
  if (!names) return fail(names.error());
  for (const auto& name : *names) {
    const std::string path = dir.ends_with('/') ? dir + name : dir + "/" + name;
    const base::FileType type = env.file_type(path);
    if (type == base::FileType::kDirectory) {
      if (name == "CloudTrail-Digest" || depth >= kTrailMaxDepth) continue;
      if (auto walked = walk_trail_dir(env, path, depth + 1, out); !walked) return walked;
    } else if (type == base::FileType::kFile && is_trail_file_name(name)) {
      out.push_back(path);
    }
  }
  return {};
}

// One thread's uses, keyed "key\0region\0source\0endpoint".
class UseTable {
 public:
  void add(const TrailKeyRecord& r) {
    key_.assign(r.key_id)
        .append(1, '\0')
        .append(r.region)
        .append(1, '\0')
        .append(r.source_ip)
        .append(1, '\0')
        .append(r.vpc_endpoint_id);
    auto it = uses_.find(key_);
    if (it == uses_.end()) {
      it = uses_.emplace(key_, new_key_use(r.key_id, r.account, r.region, r.source_ip, r.vpc_endpoint_id)).first;
    }
    count_key_call(it->second, r.user, r.event_time, r.event_name, r.user_agent);
  }

  // Moves every use of `other` into this table.
  void merge(UseTable&& other) {
    for (auto& [k, theirs] : other.uses_) {
      auto [it, fresh] = uses_.try_emplace(k, std::move(theirs));
      if (fresh) continue;
      merge_key_use(it->second, theirs);
    }
    other.uses_.clear();
  }

  // The uses sorted as the live lookups sort them: by key, region, source, endpoint.
  std::vector<KeyUse> take_sorted() {
    std::vector<KeyUse> out;
    out.reserve(uses_.size());
    for (auto& [k, use] : uses_) out.push_back(std::move(use));
    uses_.clear();
    std::sort(out.begin(), out.end(), [](const KeyUse& a, const KeyUse& b) {
      return std::tie(a.key_id, a.region, a.source_ip, a.vpc_endpoint_id) <
             std::tie(b.key_id, b.region, b.source_ip, b.vpc_endpoint_id);
    });
    return out;
  }

 private:
  std::string key_;  // reused: a known use costs no allocation
  std::unordered_map<std::string, KeyUse> uses_;
};

}  // namespace

Result<std::vector<std::string>> list_trail_files(const base::Env& env, const std::string& dir) {
  if (env.file_type(dir) != base::FileType::kDirectory) {
    return fail(Error::invalid_argument(fmt::format("--trail-logs {}: not a directory", dir)));
  }
  std::vector<std::string> files;
  if (auto walked = walk_trail_dir(env, dir, 0, files); !walked) return fail(walked.error());
  std::sort(files.begin(), files.end());
  return files;
}

TrailFilesResult read_trail_files(const base::Env& env, const std::vector<std::string>& files,
                                  const TrailFilesOptions& options) {
  const std::string window_end = base::format_iso8601(options.now);
  const std::string window_start = base::format_iso8601(options.now - std::chrono::hours(24) * options.window_days);
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(files.size(), 1)));

  std::mutex failures_mutex;
  TrailFilesResult result;
  std::vector<UseTable> tables(threads);
  std::vector<TrailFileParser> parsers(threads);
  base::parallel_for(files.size(), threads, [&](std::size_t i, unsigned thread) {
    UseTable& table = tables[thread];
    auto bytes = env.read_file(files[i], "trail log file");
    Error error;
    if (bytes) {
      auto parsed = parsers[thread].parse(*bytes, [&](const TrailKeyRecord& r) {
        if (r.event_time < window_start || r.event_time > window_end) return;  // as LookupEvents' window
        table.add(r);
      });
      if (parsed) return;
      error = parsed.error().with_context("trail log file " + files[i]);
    } else {
      error = bytes.error();
    }
    std::lock_guard lock(failures_mutex);
    result.failures.push_back({files[i], std::move(error)});
  });
  for (unsigned t = 1; t < threads; ++t) tables[0].merge(std::move(tables[t]));

  KeyEvidence& evidence = result.evidence;
  evidence.collected = true;
  evidence.source = EvidenceSource::kTrailFiles;
  evidence.window_days = options.window_days;
  evidence.trail_dir = options.dir;
  evidence.trail_files = files.size() - result.failures.size();
  evidence.failed_files = result.failures.size();
  evidence.uses = tables[0].take_sorted();
  std::string last_key;
  for (const auto& use : evidence.uses) {
    if (use.key_id != last_key) ++evidence.keys_looked_up;
    last_key = use.key_id;
    if (evidence.first_event.empty() || use.first_seen < evidence.first_event) evidence.first_event = use.first_seen;
    evidence.last_event = std::max(evidence.last_event, use.last_seen);
  }
  std::sort(result.failures.begin(), result.failures.end(),
            [](const TrailFileFailure& a, const TrailFileFailure& b) { return a.path < b.path; });
  return result;
}

Result<void> collect_trail_evidence(const base::Env& env, const TrailFilesOptions& options, Inventory& inventory) {
  auto files = list_trail_files(env, options.dir);
  if (!files) return fail(files.error());
  TrailFilesResult read = read_trail_files(env, *files, options);
  inventory.key_evidence = std::move(read.evidence);
  for (std::size_t i = 0; i < read.failures.size() && i < kTrailFailuresNamed; ++i) {
    inventory.scope_errors.push_back(ScopeError{"", "", std::move(read.failures[i].error)});
  }
  if (read.failures.size() > kTrailFailuresNamed) {
    inventory.scope_errors.push_back(
        ScopeError{"", "",
                   Error::parse(fmt::format("{} more trail log files under {} could not be read (the first: {})",
                                            read.failures.size() - kTrailFailuresNamed, options.dir,
                                            read.failures[kTrailFailuresNamed].path))});
  }
  return {};
}

}  // namespace rolecall::inventory
