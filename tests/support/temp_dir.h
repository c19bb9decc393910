#pragma once
// The one temporary directory for tests that need real files: private, unique, removed at the end.

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace rolecall::testing {

// A fresh owner-only directory under the system temporary directory (mkdtemp), removed with
// everything below it when the TempDir goes away.
class TempDir {
 public:
  // Creates <tmp>/<prefix>-XXXXXX; throws (failing the test) when that is impossible.
  explicit TempDir(const std::string& prefix = "rolecall-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory.
  const std::filesystem::path& path() const { return path_; }
  // A path below the directory.
  std::filesystem::path operator/(const std::filesystem::path& relative) const { return path_ / relative; }
  // The directory as a string.
  std::string string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace rolecall::testing
