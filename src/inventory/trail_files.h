#pragma once
// Runtime evidence of long-term key use from a trail's log files (scan --trail-logs DIR), instead
// of cloudtrail:LookupEvents: every *.json.gz and *.json under a directory as `aws s3 sync` leaves
// a trail's bucket, decompressed and parsed on every core (one file per thread at a time), each
// long-term key's calls aggregated exactly as the live lookups aggregate them (inventory/key_use.h).
// No AWS call at all.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/env.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Where to read and which events count.
struct TrailFilesOptions {
  std::string dir;                            // the directory to walk (recursively)
  std::chrono::system_clock::time_point now;  // the window ends here
  int window_days = 90;                       // as LookupEvents: events older than this do not count
  unsigned threads = 0;                       // 0: std::thread::hardware_concurrency()
};

// A file that could not be read or parsed.
struct TrailFileFailure {
  std::string path;
  Error error;  // kIo (unreadable) or kParse (corrupt, truncated, not CloudTrail); names the file
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

// Reads `files` (each through `env`) on options.threads threads and aggregates every long-term
// (AKIA) key's calls within the window into KeyUse records. A file that fails is a failure, never a
// crash; the others still count.
TrailFilesResult read_trail_files(const base::Env& env, const std::vector<std::string>& files,
                                  const TrailFilesOptions& options);

// list_trail_files + read_trail_files into `inventory.key_evidence`, each failed file a ScopeError
// (the first few by name, then one counting the rest). Fails only when options.dir cannot be walked.
Result<void> collect_trail_evidence(const base::Env& env, const TrailFilesOptions& options, Inventory& inventory);

}  // namespace rolecall::inventory
