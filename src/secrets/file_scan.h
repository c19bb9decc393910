#pragma once
// Scans files and directory trees for hard-coded AWS credentials, in parallel.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"
#include "secrets/scan.h"

namespace rolecall::secrets {

// Files are read and scanned in windows: each step advances kFileScanChunkBytes and its window
// reaches kFileScanOverlapBytes further on both sides, so a credential (and the context that pairs
// it with its key id) across a step boundary is seen whole, and reported once, by the step whose
// chunk holds its first byte. Memory per worker is one window whatever the file size.
inline constexpr std::size_t kFileScanChunkBytes = 1u << 20;
inline constexpr std::size_t kFileScanOverlapBytes = 32u << 10;

// How scan_files walks and reads.
struct FileScanOptions {
  std::uint64_t max_file_bytes = 50ull << 20;  // larger files are skipped and counted
  unsigned threads = 0;                        // worker threads; 0 = one per core
  bool follow_symlinks = false;                // follow symlinks met while walking (roots are always followed)
  bool include_examples = true;                // keep AWS documentation example keys (is_example = true)
};

// One finding and the file it is in (finding.location is "path:line").
struct FileFinding {
  std::string path;
  SecretFinding finding;
};

// What was read and what was passed over.
struct FileScanStats {
  std::uint64_t files_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::uint64_t directories = 0;
  std::uint64_t skipped_binary = 0;     // NUL bytes in the first 8 KiB, or a known binary extension
  std::uint64_t skipped_too_large = 0;  // over max_file_bytes
  std::uint64_t skipped_symlinks = 0;   // symlinks not followed, and directory loops cut
  std::uint64_t skipped_special = 0;    // sockets, FIFOs, devices
  std::uint64_t unreadable = 0;         // open/read/list failures (see FileScanReport::errors)
};

// The outcome of scan_files; findings sorted by path, line, then type.
struct FileScanReport {
  std::vector<FileFinding> findings;
  FileScanStats stats;
  std::vector<std::string> errors;  // "path: reason" for files and directories that could not be read, sorted
};

// Scans every regular file under `paths` (files or directories, recursively). Fails with
// kInvalidArgument when `paths` is empty or a root does not exist; unreadable entries below a
// root are counted and listed instead.
Result<FileScanReport> scan_files(const std::vector<std::string>& paths, const FileScanOptions& options = {});

// True when the extension of `path` names a binary format (images, archives, objects, ...).
bool has_binary_extension(std::string_view path);

}  // namespace rolecall::secrets
