#pragma once
// The measured scan for scripts/bench-scan-files.sh: scan_files over a tree, timed.

#include <string>
#include <vector>

namespace rolecall::bench {

// Scans `paths` with `threads` workers, prints throughput and counts to stdout and writes one line
// per finding ("type<TAB>path<TAB>line<TAB>example<TAB>fingerprint") to `findings_out` when set.
// Returns a process exit code.
int run_scan(const std::vector<std::string>& paths, unsigned threads, const std::string& findings_out);

}  // namespace rolecall::bench
