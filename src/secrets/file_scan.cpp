#include "secrets/file_scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <memory>

#include "base/ascii.h"
#include "base/parallel_for.h"
#include "base/thread_count.h"
#include "secrets/file_walk.h"

namespace rolecall::secrets {
namespace {

// Bytes sniffed for NUL to call a file binary (as git and ripgrep do).
constexpr std::size_t kSniffBytes = 8192;

constexpr std::array<std::string_view, 40> kBinaryExtensions{
    ".png", ".jpg", ".jpeg",  ".gif", ".bmp", ".ico", ".webp",  ".tif",  ".tiff",  ".pdf",
    ".zip", ".gz",  ".tgz",   ".bz2", ".xz",  ".zst", ".7z",    ".rar",  ".tar",   ".jar",
    ".war", ".ear", ".class", ".o",   ".a",   ".so",  ".dylib", ".dll",  ".exe",   ".bin",
    ".iso", ".img", ".qcow2", ".mp3", ".mp4", ".mov", ".avi",   ".woff", ".woff2", ".pyc",
};

struct Worker {
  FileScanStats stats;
  std::vector<FileFinding> findings;
  std::vector<std::string> errors;
  std::unique_ptr<char[]> buffer;  // reused; never zero-filled (std::string::resize would be)
  std::size_t capacity = 0;

  // Makes the buffer hold at least `n` bytes, keeping its first `keep` bytes.
  void reserve(std::size_t n, std::size_t keep) {
    if (n <= capacity) return;
    auto bigger = std::make_unique_for_overwrite<char[]>(n);
    if (keep != 0) std::memcpy(bigger.get(), buffer.get(), keep);
    buffer = std::move(bigger);
    capacity = n;
  }

  void scan(const std::string& path, const FileScanOptions& options) {
    if (has_binary_extension(path)) {
      ++stats.skipped_binary;
      return;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      ++stats.unreadable;
      errors.push_back(path + ": " + std::strerror(errno));
      return;
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      ++stats.unreadable;
      errors.push_back(path + ": " + std::strerror(errno));
      ::close(fd);
      return;
    }
    if (static_cast<std::uint64_t>(info.st_size) > options.max_file_bytes) {
      ++stats.skipped_too_large;
      ::close(fd);
      return;
    }
    // Read to EOF: the file may have grown since fstat; never past the limit.
    const std::size_t limit = static_cast<std::size_t>(options.max_file_bytes);
    // One byte more than the size tells a file that grew since fstat.
    std::size_t want = std::min(static_cast<std::size_t>(info.st_size) + 1, limit + 1);
    reserve(want, 0);
    std::size_t used = 0;
    while (true) {
      if (used == want) {
        if (want > limit) break;
        want = std::min(want * 2 + 4096, limit + 1);
        reserve(want, used);
      }
      const ssize_t n = ::read(fd, buffer.get() + used, want - used);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ++stats.unreadable;
        errors.push_back(path + ": " + std::strerror(errno));
        ::close(fd);
        return;
      }
      if (n == 0) break;
      used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (used > limit) {
      ++stats.skipped_too_large;
      return;
    }
    const std::string_view content(buffer.get(), used);
    if (content.substr(0, kSniffBytes).find('\0') != std::string_view::npos) {
      ++stats.skipped_binary;
      return;
    }
    ++stats.files_scanned;
    stats.bytes_scanned += used;
    for (SecretFinding& f : scan_text(content, path)) {
      if (f.is_example && !options.include_examples) continue;
      findings.push_back({path, std::move(f)});
    }
  }
};

void add(FileScanStats& into, const FileScanStats& from) {
  into.files_scanned += from.files_scanned;
  into.bytes_scanned += from.bytes_scanned;
  into.skipped_binary += from.skipped_binary;
  into.skipped_too_large += from.skipped_too_large;
  into.unreadable += from.unreadable;
}

}  // namespace

bool has_binary_extension(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return false;
  const std::string ext = base::to_lower(path.substr(dot));
  return std::find(kBinaryExtensions.begin(), kBinaryExtensions.end(), ext) != kBinaryExtensions.end();
}

Result<FileScanReport> scan_files(const std::vector<std::string>& paths, const FileScanOptions& options) {
  if (paths.empty()) return fail(ErrorKind::kInvalidArgument, "scan-files: no paths given");
  FileScanReport report;
  auto files = list_files(paths, options.follow_symlinks, report.stats, report.errors);
  if (!files) return fail(files.error());

  const unsigned threads = options.threads != 0 ? options.threads : base::default_thread_count();
  std::vector<Worker> workers(std::max(threads, 1u));  // one per thread parallel_for may use
  base::parallel_for(files->size(), threads,
                     [&](std::size_t i, unsigned thread) { workers[thread].scan((*files)[i], options); });
  for (Worker& worker : workers) {
    add(report.stats, worker.stats);
    std::move(worker.findings.begin(), worker.findings.end(), std::back_inserter(report.findings));
    std::move(worker.errors.begin(), worker.errors.end(), std::back_inserter(report.errors));
  }
  std::sort(report.findings.begin(), report.findings.end(), [](const FileFinding& a, const FileFinding& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.finding.line != b.finding.line) return a.finding.line < b.finding.line;
    if (a.finding.type != b.finding.type) return a.finding.type < b.finding.type;
    return a.finding.fingerprint < b.finding.fingerprint;
  });
  std::sort(report.errors.begin(), report.errors.end());
  return report;
}

}  // namespace rolecall::secrets
