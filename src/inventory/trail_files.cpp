#include "inventory/trail_files.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "base/parallel_for.h"

namespace rolecall::inventory {
namespace {

// Deeper than any `aws s3 sync` layout (AWSLogs/o-org/acct/CloudTrail/region/YYYY/MM/DD): a
// symbolic link loop ends here instead of recursing forever.
constexpr int kTrailMaxDepth = 24;

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

bool trail_file_wanted(const std::string& path, const TrailWindow& window) {
  auto info = trail_path_info(path);
  return !info || trail_day_may_hold(window, info->day);
}

TrailFilesResult read_trail_files(const base::Env& env, const std::vector<std::string>& files,
                                  const TrailFilesOptions& options) {
  std::vector<const std::string*> wanted;
  wanted.reserve(files.size());
  for (const auto& f : files) {
    if (trail_file_wanted(f, options.window)) wanted.push_back(&f);
  }
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(wanted.size(), 1)));
  TrailAggregator aggregate(options.window, threads);
  base::parallel_for(wanted.size(), threads, [&](std::size_t i, unsigned thread) {
    const std::string& path = *wanted[i];
    auto bytes = env.read_file(path, "trail log file");
    if (bytes) {
      aggregate.parse(thread, path, *bytes);
    } else {
      aggregate.fail(path, bytes.error());
    }
  });
  TrailFilesResult result;
  result.evidence = aggregate.finish(options.dir, files.size() - wanted.size());
  result.failures = aggregate.take_failures();
  return result;
}

Result<void> collect_trail_evidence(const base::Env& env, const TrailFilesOptions& options, Inventory& inventory) {
  auto files = list_trail_files(env, options.dir);
  if (!files) return fail(files.error());
  TrailFilesResult read = read_trail_files(env, *files, options);
  inventory.key_evidence = std::move(read.evidence);
  add_trail_failures(std::move(read.failures), options.dir, inventory);
  return {};
}

}  // namespace rolecall::inventory
