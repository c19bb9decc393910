#include "secrets/file_walk.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

namespace rolecall::secrets {
namespace {

namespace fs = std::filesystem;

struct Walker {
  bool follow_symlinks;
  FileScanStats& stats;
  std::vector<std::string>& errors;
  std::vector<std::string> files;
  std::set<std::pair<dev_t, ino_t>> visited;  // directories entered: a revisit is a loop or an alias

  void visit(const std::string& path, bool is_root) {
    struct stat link_info {};
    if (::lstat(path.c_str(), &link_info) != 0) {
      ++stats.unreadable;
      errors.push_back(path + ": " + std::strerror(errno));
      return;
    }
    struct stat info = link_info;
    if (S_ISLNK(link_info.st_mode)) {
      if (!is_root && !follow_symlinks) {
        ++stats.skipped_symlinks;
        return;
      }
      if (::stat(path.c_str(), &info) != 0) {
        ++stats.unreadable;
        errors.push_back(path + ": dangling symlink");
        return;
      }
    }
    if (S_ISREG(info.st_mode)) {
      files.push_back(path);
      return;
    }
    if (!S_ISDIR(info.st_mode)) {
      ++stats.skipped_special;
      return;
    }
    const auto id = std::pair{info.st_dev, info.st_ino};
    if (!visited.insert(id).second) {
      ++stats.skipped_symlinks;  // reached again through a symlink: a loop, or already scanned
      return;
    }
    ++stats.directories;
    std::error_code ec;
    std::vector<std::string> children;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      children.push_back(it->path().string());
    }
    if (ec) {
      ++stats.unreadable;
      errors.push_back(path + ": " + ec.message());
    }
    for (const std::string& child : children) visit(child, false);
  }
};

}  // namespace

Result<std::vector<std::string>> list_files(const std::vector<std::string>& roots, bool follow_symlinks,
                                            FileScanStats& stats, std::vector<std::string>& errors) {
  for (const std::string& root : roots) {
    struct stat info {};
    if (::stat(root.c_str(), &info) != 0) {
      return fail(ErrorKind::kInvalidArgument, "scan-files: cannot access " + root + ": " + std::strerror(errno));
    }
  }
  Walker walker{follow_symlinks, stats, errors, {}, {}};
  for (const std::string& root : roots) walker.visit(root, true);
  return std::move(walker.files);
}

}  // namespace rolecall::secrets
