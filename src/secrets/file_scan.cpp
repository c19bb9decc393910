#include "secrets/file_scan.h"

#include <fcntl.h>
#include <fmt/format.h>
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
#include "secrets/detector.h"
#include "secrets/file_walk.h"
#include "secrets/text_lines.h"

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

// The window a worker reads into: the chunk and an overlap on both sides.
constexpr std::size_t kWindowBytes = kFileScanChunkBytes + 2 * kFileScanOverlapBytes;

struct Worker {
  FileScanStats stats;
  std::vector<FileFinding> findings;
  std::vector<std::string> errors;
  std::unique_ptr<char[]> window;  // kWindowBytes, allocated on first use, never zero-filled

  void unreadable(const std::string& path) {
    ++stats.unreadable;
    errors.push_back(path + ": " + std::strerror(errno));
  }

  void scan(const std::string& path, const FileScanOptions& options) {
    if (has_binary_extension(path)) {
      ++stats.skipped_binary;
      return;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return unreadable(path);
    scan_open(fd, path, options);
    ::close(fd);
  }

  // Fills the window from `used` up; false on a read error. Sets `eof` when the file ended.
  bool fill(int fd, std::size_t& used, bool& eof) {
    while (used < kWindowBytes) {
      const ssize_t n = ::read(fd, window.get() + used, kWindowBytes - used);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      if (n == 0) {
        eof = true;
        return true;
      }
      used += static_cast<std::size_t>(n);
    }
    return true;
  }

  void scan_open(int fd, const std::string& path, const FileScanOptions& options) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return unreadable(path);
    if (static_cast<std::uint64_t>(info.st_size) > options.max_file_bytes) {
      ++stats.skipped_too_large;
      return;
    }
    if (!window) window = std::make_unique_for_overwrite<char[]>(kWindowBytes);
    std::vector<FileFinding> found;  // kept only if the whole file turns out scannable
    std::uint64_t base = 0;          // file offset of window[0]
    std::uint64_t owned_from = 0;    // findings before this offset belong to the previous window
    std::size_t lines_before = 0;    // newlines in the file before `base`
    std::size_t used = 0;
    bool eof = false;
    while (true) {
      if (!fill(fd, used, eof)) return unreadable(path);
      // The file may have grown since fstat: never read past the limit.
      if (base + used > options.max_file_bytes) {
        ++stats.skipped_too_large;
        return;
      }
      const std::string_view text(window.get(), used);
      if (base == 0 && text.substr(0, kSniffBytes).find('\0') != std::string_view::npos) {
        ++stats.skipped_binary;
        return;
      }
      // This window reports what starts before its trailing overlap; the next reports the rest.
      const std::uint64_t owned_to = eof ? base + used : base + used - kFileScanOverlapBytes;
      for (RawFinding& raw : detect_credentials(text)) {
        const std::uint64_t at = base + raw.offset;
        if (at < owned_from || at >= owned_to) continue;
        if (raw.is_example && !options.include_examples) continue;
        const std::size_t line = lines_before + raw.line;
        found.push_back({path,
                         {raw.type, fmt::format("{}:{}", path, line), line, std::move(raw.key_id_redacted),
                          std::move(raw.fingerprint), raw.is_example, std::move(raw.key_id)}});
      }
      if (eof) break;
      // Keep an overlap of context before the next chunk, and the overlap that chunk starts with.
      const std::size_t drop = static_cast<std::size_t>(owned_to - kFileScanOverlapBytes - base);
      lines_before += count_newlines(window.get(), window.get() + drop);
      std::memmove(window.get(), window.get() + drop, used - drop);
      used -= drop;
      base += drop;
      owned_from = owned_to;
    }
    ++stats.files_scanned;
    stats.bytes_scanned += base + used;
    std::move(found.begin(), found.end(), std::back_inserter(findings));
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
