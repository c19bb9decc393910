#pragma once
// Runtime evidence of long-term key use from a trail's log files (scan --trail-logs DIR), instead
// of cloudtrail:LookupEvents: every *.json.gz and *.json under a directory as `aws s3 sync` leaves
// a trail's bucket, decompressed and parsed on every core (one file per thread at a time), each
// long-term key's calls aggregated exactly as the live lookups aggregate them (inventory/key_use.h),
// within a window (inventory/trail_window.h). No AWS call at all.

#include <cstddef>
#include <string>
#include <vector>

#include "base/env.h"
#include "inventory/trail_aggregate.h"
#include "inventory/trail_window.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Where to read and which events count.
struct TrailFilesOptions {
  std::string dir;       // the directory to walk (recursively)
  TrailWindow window;    // events outside it do not count; files whose path date is outside it are not read
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
};

// What reading the files gave.
struct TrailFilesResult {
  KeyEvidence evidence;  // source kTrailFiles; uses sorted by key, region, source, endpoint
  std::vector<TrailFileFailure> failures;
};

// The trail log files under `dir`, sorted: *.json.gz and *.json, recursively, skipping
// CloudTrail-Digest directories (digest files hold hashes, not events). kInvalidArgument naming
// `dir` when it is not a directory; an unlistable subdirectory is kIo.
Result<std::vector<std::string>> list_trail_files(const base::Env& env, const std::string& dir);

// Whether a trail log file at `path` (a file path or an S3 key) must be read for `window`: false
// only when its path follows a trail's layout and its date cannot hold an event within the window.
bool trail_file_wanted(const std::string& path, const TrailWindow& window);

// Reads `files` (each through `env`) on options.threads threads and aggregates every long-term
// (AKIA) key's calls within the window into KeyUse records; files trail_file_wanted refuses are
// skipped unread (counted). A file that fails is a failure, never a crash; the others still count.
TrailFilesResult read_trail_files(const base::Env& env, const std::vector<std::string>& files,
                                  const TrailFilesOptions& options);

// list_trail_files + read_trail_files into `inventory.key_evidence`, each failed file a ScopeError
// (the first few by name, then one counting the rest). Fails only when options.dir cannot be walked.
Result<void> collect_trail_evidence(const base::Env& env, const TrailFilesOptions& options, Inventory& inventory);

}  // namespace rolecall::inventory
