// scan_files streams each file through a fixed window (kFileScanChunkBytes plus an overlap on each
// side): a key across a chunk boundary is found once with its line number, the results equal a
// whole-file scan, and a 1 GiB file is scanned in bounded memory.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "secrets/file_scan.h"
#include "support/temp_dir.h"

namespace rolecall::secrets {
namespace {

constexpr const char* kStreamKeyId = "AKIALACI57K43PEADJ4S";
constexpr const char* kStreamSecret = "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";
constexpr std::size_t kChunk = kFileScanChunkBytes;
constexpr std::size_t kOverlap = kFileScanOverlapBytes;

std::string credentials() {
  return std::string("AWS_ACCESS_KEY_ID=") + kStreamKeyId + "\nAWS_SECRET_ACCESS_KEY=" + kStreamSecret + "\n";
}

// Filler lines up to `size` bytes (the last line may be cut short).
void fill_to(std::string& text, std::size_t size) {
  while (text.size() < size) text += "log line " + std::to_string(text.size()) + " nothing to see here\n";
  text.resize(size);
  text.back() = '\n';
}

std::size_t line_of(const std::string& text, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

class FileStreamTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  rolecall::testing::TempDir dir_{"rolecall-file-stream"};
};

// Every boundary the windows have: where the second window starts (kChunk), where ownership
// passes to it (kChunk + kOverlap), where the first window ends (kChunk + 2 kOverlap), and the
// same on the next step.
TEST_F(FileStreamTest, KeyAcrossEachBoundaryIsFoundOnceWithItsLine) {
  for (const std::size_t boundary : {kChunk, kChunk + kOverlap, kChunk + 2 * kOverlap, 2 * kChunk,
                                     2 * kChunk + kOverlap, 2 * kChunk + 2 * kOverlap}) {
    for (const std::size_t before : {std::size_t{1}, std::size_t{10}, std::size_t{19}, std::size_t{30}}) {
      SCOPED_TRACE("boundary " + std::to_string(boundary) + ", key starts " + std::to_string(before) + " bytes before");
      // "AWS_ACCESS_KEY_ID=" is 18 bytes: the key id starts `before` bytes before the boundary.
      std::string text;
      fill_to(text, boundary - before - 18);
      const std::size_t key_at = text.size() + 18;
      text += credentials();
      fill_to(text, 3 * kChunk);
      const auto report = scan_files({write("straddle.log", text)});
      ASSERT_TRUE(report) << report.error().message;
      ASSERT_EQ(report->findings.size(), 2u);
      EXPECT_EQ(report->findings[0].finding.type, SecretType::kAccessKeyId);
      EXPECT_EQ(report->findings[0].finding.line, line_of(text, key_at));
      EXPECT_EQ(report->findings[1].finding.type, SecretType::kSecretAccessKey);
      EXPECT_EQ(report->findings[1].finding.line, line_of(text, key_at) + 1);
      EXPECT_EQ(report->findings[1].finding.key_id_redacted, report->findings[0].finding.key_id_redacted);
      EXPECT_EQ(report->stats.bytes_scanned, text.size());
    }
  }
}

TEST_F(FileStreamTest, StreamedFindingsEqualAWholeFileScan) {
  std::string text;
  for (std::size_t i = 0; text.size() < 5 * kChunk + 12345; ++i) {
    fill_to(text, text.size() + 7919 + (i * 104729) % 65536);  // uneven gaps, some under the overlap
    text += i % 3 == 0 ? credentials()
                       : "[profile p]\naws_access_key_id = " + std::string(kStreamKeyId) +
                             "\naws_secret_access_key = " + kStreamSecret + "\n";
  }
  const std::string path = write("many.log", text);
  const auto streamed = scan_files({path});
  ASSERT_TRUE(streamed);
  const auto whole = scan_text(text, path);
  ASSERT_EQ(streamed->findings.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(streamed->findings[i].finding.location, whole[i].location) << i;
    EXPECT_EQ(streamed->findings[i].finding.type, whole[i].type) << i;
    EXPECT_EQ(streamed->findings[i].finding.fingerprint, whole[i].fingerprint) << i;
    EXPECT_EQ(streamed->findings[i].finding.key_id_redacted, whole[i].key_id_redacted) << i;
  }
}

// scan-files --max-file-size 3G on a 1 GiB sparse file (text first, so it is no binary): in a child
// process, whose peak resident memory must stay far below the file size.
TEST_F(FileStreamTest, GigabyteSparseFileScansInBoundedMemory) {
  constexpr std::uint64_t kSize = 1ull << 30;
  std::string head = "#!/bin/sh\n" + credentials();
  fill_to(head, 16 * 1024);  // past the 8 KiB binary sniff
  const std::string path = write("sparse.img.txt", head);
  const std::string tail = "\n" + credentials();
  {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kSize)), 0);
    ASSERT_EQ(::pwrite(fd, tail.data(), tail.size(), static_cast<off_t>(kSize - tail.size())),
              static_cast<ssize_t>(tail.size()));
    ::close(fd);
  }
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    FileScanOptions options;
    options.max_file_bytes = 3ull << 30;
    options.threads = 1;
    const auto report = scan_files({path}, options);
    std::string summary = report ? std::to_string(report->stats.bytes_scanned) : "error";
    if (report) {
      for (const FileFinding& f : report->findings) summary += " " + std::to_string(f.finding.line);
    }
    const ssize_t written = ::write(pipe_fds[1], summary.data(), summary.size());
    ::_exit(written == static_cast<ssize_t>(summary.size()) ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  std::string summary;
  char buffer[256];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    summary.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  struct rusage usage {};
  ASSERT_EQ(::getrusage(RUSAGE_CHILDREN, &usage), 0);
  // The key pair after the shebang (lines 2, 3), and the one at the very end: the zeros hold no
  // newline, so it is on the lines after the head's last.
  const std::size_t head_lines = line_of(head, head.size());
  EXPECT_EQ(summary,
            std::to_string(kSize) + " 2 3 " + std::to_string(head_lines + 1) + " " + std::to_string(head_lines + 2));
  EXPECT_LT(usage.ru_maxrss, 200L * 1024L) << "peak RSS " << usage.ru_maxrss / 1024 << " MiB";  // ru_maxrss is KiB
}

}  // namespace
}  // namespace rolecall::secrets
