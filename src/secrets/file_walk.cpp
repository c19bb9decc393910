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
  std::set<std::pair<dev_t, ino_t>> visited;  // directories entered (only tracked when following symlinks)

  void unreadable(const std::string& path, const std::string& reason) {
    ++stats.unreadable;
    errors.push_back(path + ": " + reason);
  }

  // A path whose type is not known yet (a root, or a symlink being followed): one stat().
  void visit_stat(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      unreadable(path, errno == ENOENT ? "dangling symlink" : std::strerror(errno));
      return;
    }
    if (S_ISREG(info.st_mode)) {
      files.push_back(path);
    } else if (S_ISDIR(info.st_mode)) {
      enter(path, &info);
    } else {
      ++stats.skipped_special;
    }
  }

  // Lists a directory. Entry types come from readdir (d_type): no stat per file, as ripgrep does.
  void enter(const std::string& path, const struct stat* info) {
    if (follow_symlinks) {
      struct stat own {};
      if (info == nullptr) {
        if (::stat(path.c_str(), &own) != 0) return unreadable(path, std::strerror(errno));
        info = &own;
      }
      if (!visited.insert({info->st_dev, info->st_ino}).second) {
        ++stats.skipped_symlinks;  // reached again through a symlink: a loop, or already scanned
        return;
      }
    }
    ++stats.directories;
    std::error_code ec;
    std::vector<fs::directory_entry> children;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) children.push_back(*it);
    if (ec) unreadable(path, ec.message());
    for (const fs::directory_entry& child : children) {
      std::error_code type_ec;
      const std::string child_path = child.path().string();
      if (child.is_symlink(type_ec)) {
        if (follow_symlinks) {
          visit_stat(child_path);
        } else {
          ++stats.skipped_symlinks;
        }
      } else if (child.is_regular_file(type_ec)) {
        files.push_back(child_path);
      } else if (child.is_directory(type_ec)) {
        enter(child_path, nullptr);
      } else if (type_ec) {
        unreadable(child_path, type_ec.message());
      } else {
        ++stats.skipped_special;
      }
    }
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
  for (const std::string& root : roots) walker.visit_stat(root);  // roots are followed even when symlinks
  return std::move(walker.files);
}

}  // namespace rolecall::secrets
