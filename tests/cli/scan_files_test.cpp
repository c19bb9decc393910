// `rolecall scan-files` as a user runs it: size units for --max-file-size, and a 1 GiB sparse file
// scanned whole with the process's peak memory far below the file size (files are streamed).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/run_rolecall.h"
#include "support/temp_dir.h"

namespace rolecall::testing {
namespace {

// The peak RSS a streamed scan of the 1 GiB file stays under (KiB). Under AddressSanitizer the child
// also carries shadow memory and a 256 MiB free quarantine, so the bound is higher there; either is
// far below the 1+ GiB a scan that reads the whole file holds.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kPeakRssKiB = 480L * 1024L;
#else
constexpr long kPeakRssKiB = 200L * 1024L;
#endif

constexpr const char* kKeys =
    "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S\n"
    "export AWS_SECRET_ACCESS_KEY=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\n";

TEST(ScanFilesCli, MaxFileSizeTakesUnits) {
  TempDir dir("rolecall-scan-files-cli");
  write_file(dir / "keys.sh", std::string(kKeys) + std::string(2048, '#') + "\n");
  const CliOutcome small =
      run_rolecall(dir.path(), "--output json scan-files --max-file-size 1K " + (dir / "keys.sh").string());
  EXPECT_EQ(small.status, 0) << small.err;
  EXPECT_EQ(nlohmann::json::parse(small.out)["stats"]["skipped_too_large"], 1);
  const CliOutcome large =
      run_rolecall(dir.path(), "--output json scan-files --max-file-size 3K " + (dir / "keys.sh").string());
  EXPECT_EQ(large.status, 1) << large.err;
  EXPECT_EQ(nlohmann::json::parse(large.out)["findings"].size(), 2u);
  EXPECT_EQ(run_rolecall(dir.path(), "scan-files --max-file-size 3X " + dir.string()).status, 2);
}

TEST(ScanFilesCli, GigabyteSparseFileInBoundedMemory) {
  TempDir dir("rolecall-scan-files-cli");
  const std::filesystem::path file = dir / "disk.txt";
  std::string head = kKeys;
  while (head.size() < 16384) head += "filler text past the binary sniff of the first 8 KiB\n";
  write_file(file, head);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 1l << 30), 0);  // a 1 GiB sparse file: the rest reads as zeros
  ::close(fd);
  const CliOutcome out = run_rolecall(dir.path(), "--output json scan-files --max-file-size 3G " + file.string());
  struct rusage usage {};
  ASSERT_EQ(::getrusage(RUSAGE_CHILDREN, &usage), 0);  // the shell and rolecall, both waited for
  EXPECT_EQ(out.status, 1) << out.err;
  const auto report = nlohmann::json::parse(out.out);
  EXPECT_EQ(report["stats"]["bytes_scanned"], 1ull << 30);
  EXPECT_EQ(report["findings"].size(), 2u);
  EXPECT_LT(usage.ru_maxrss, kPeakRssKiB) << "peak RSS " << usage.ru_maxrss / 1024 << " MiB";  // KiB
}

// A path that cannot be read (even by root: the kernel refuses reads of /proc/self/mem at offset 0)
// makes a scan that found nothing incomplete, exit 4, not a clean 0; a credential found still wins.
TEST(ScanFilesCli, UnreadablePathMakesTheResultIncomplete) {
  TempDir dir("rolecall-scan-files-cli");
  write_file(dir / "clean.txt", "nothing to see here\n");
  const CliOutcome alone =
      run_rolecall(dir.path(), "--output json scan-files /proc/self/mem " + (dir / "clean.txt").string());
  EXPECT_EQ(alone.status, 4) << alone.err;
  const auto report = nlohmann::json::parse(alone.out);
  EXPECT_EQ(report["complete"], false);
  EXPECT_EQ(report["stats"]["unreadable"], 1);
  EXPECT_NE(alone.err.find("could not read /proc/self/mem"), std::string::npos) << alone.err;
  const CliOutcome table = run_rolecall(dir.path(), "scan-files /proc/self/mem");
  EXPECT_EQ(table.status, 4);
  EXPECT_NE(table.out.find("INCOMPLETE: 1 path(s) could not be read"), std::string::npos) << table.out;

  write_file(dir / "keys.sh", kKeys);
  const CliOutcome found = run_rolecall(dir.path(), "scan-files /proc/self/mem " + (dir / "keys.sh").string());
  EXPECT_EQ(found.status, 1) << found.err;
}

// --output and --output-file are honoured, and checked before the walk.
TEST(ScanFilesCli, OutputFormatAndFile) {
  TempDir dir("rolecall-scan-files-cli");
  write_file(dir / "keys.sh", kKeys);
  const std::string report = (dir / "report.sarif").string();
  const CliOutcome sarif =
      run_rolecall(dir.path(), "--output sarif --output-file " + report + " scan-files " + (dir / "keys.sh").string());
  EXPECT_EQ(sarif.status, 1) << sarif.err;
  EXPECT_TRUE(sarif.out.empty()) << sarif.out;
  const auto doc = nlohmann::json::parse(read_file(report));
  ASSERT_EQ(doc["runs"][0]["results"].size(), 2u);
  EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);

  const CliOutcome csv = run_rolecall(dir.path(), "--output csv scan-files " + (dir / "keys.sh").string());
  EXPECT_EQ(csv.status, 1);
  EXPECT_EQ(csv.out.rfind("path,line,type,", 0), 0u) << csv.out;

  const CliOutcome html = run_rolecall(dir.path(), "--output html scan-files " + dir.string());
  EXPECT_EQ(html.status, 2);
  EXPECT_NE(html.err.find("scan-files cannot write --output html"), std::string::npos) << html.err;
  const CliOutcome nowhere = run_rolecall(
      dir.path(), "--output-file " + (dir / "missing" / "r.json").string() + " scan-files " + dir.string());
  EXPECT_EQ(nowhere.status, 2);
  EXPECT_NE(nowhere.err.find("does not exist"), std::string::npos) << nowhere.err;
  EXPECT_TRUE(nowhere.out.empty());
}

// `scan --output-file` into a missing directory fails at once (exit 2), before any AWS call: nothing
// listens on the endpoint, which a scan would report as exit 3.
TEST(ScanCli, UnwritableOutputFileFailsBeforeTheScan) {
  TempDir dir("rolecall-scan-files-cli");
  const CliOutcome out =
      run_rolecall(dir.path(), "--endpoint-url http://127.0.0.1:9 --output-file " +
                                   (dir / "missing" / "r.json").string() + " scan --regions us-east-1");
  EXPECT_EQ(out.status, 2) << out.err;
  EXPECT_NE(out.err.find("--output-file " + (dir / "missing" / "r.json").string() + ": directory"), std::string::npos)
      << out.err;
  EXPECT_EQ(out.err.find("GetCallerIdentity"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace rolecall::testing
