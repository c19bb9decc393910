#pragma once
// An in-memory Env for tests: variables, files and directories in maps, time on a FakeClock.

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "base/env.h"
#include "support/fake_clock.h"

namespace rolecall::testing {

// Nothing touches the real process: only the variables and files a test puts here exist.
// Paths are compared after lexical normalisation; a directory exists when created or when
// something was put below it. Thread-safe, like the system Env.
class FakeEnv final : public base::Env {
 public:
  FakeEnv() = default;
  // Starts with `variables` set.
  explicit FakeEnv(std::map<std::string, std::string> variables) : variables_(std::move(variables)) {}
  FakeEnv(std::initializer_list<std::pair<const std::string, std::string>> variables) : variables_(variables) {}

  // Sets (or with nullopt unsets) a variable.
  void set(const std::string& name, std::optional<std::string> value) {
    std::lock_guard lock(mu_);
    if (value) {
      variables_[name] = std::move(*value);
    } else {
      variables_.erase(name);
    }
  }
  // Puts a file (its parents become directories).
  void add_file(const std::string& path, std::string contents) {
    std::lock_guard lock(mu_);
    files_[normal(path)] = File{std::move(contents), base::Access::kDefault};
  }
  // Makes reading `path` fail with kIo and `reason` (as an unreadable file does).
  void make_unreadable(const std::string& path, std::string reason = "Permission denied") {
    std::lock_guard lock(mu_);
    unreadable_[normal(path)] = std::move(reason);
  }
  // The contents of a file, nullopt when there is none.
  std::optional<std::string> file(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = files_.find(normal(path));
    if (it == files_.end()) return std::nullopt;
    return it->second.contents;
  }
  // How a file was written (kDefault for files a test put).
  std::optional<base::Access> file_access(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = files_.find(normal(path));
    if (it == files_.end()) return std::nullopt;
    return it->second.access;
  }
  // How a directory was created (nullopt when it was not created through the Env).
  std::optional<base::Access> directory_access(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = directory_access_.find(normal(path));
    if (it == directory_access_.end()) return std::nullopt;
    return it->second;
  }
  // The clock, for tests to move.
  FakeClock& fake_clock() { return clock_; }

  std::map<std::string, std::string> variables_with_prefix(std::string_view prefix) const override {
    std::lock_guard lock(mu_);
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : variables_) {
      if (name.starts_with(prefix) && !value.empty()) out.emplace(name, value);
    }
    return out;
  }
  base::FileType file_type(const std::string& path) const override {
    std::lock_guard lock(mu_);
    return type_of(normal(path));
  }
  const base::Clock& clock() const override { return clock_; }

 protected:
  std::optional<std::string> variable(std::string_view name) const override {
    std::lock_guard lock(mu_);
    auto it = variables_.find(std::string(name));
    if (it == variables_.end()) return std::nullopt;
    return it->second;
  }
  Result<std::string> read_bytes(const std::string& path) const override {
    std::lock_guard lock(mu_);
    const std::string p = normal(path);
    if (auto it = unreadable_.find(p); it != unreadable_.end()) return fail(ErrorKind::kIo, it->second);
    if (auto it = files_.find(p); it != files_.end()) return it->second.contents;
    if (type_of(p) == base::FileType::kDirectory) return fail(ErrorKind::kIo, "it is a directory");
    return fail(ErrorKind::kNotFound, "No such file or directory");
  }
  Result<void> write_stream(const std::string& path, const std::function<void(std::ostream&)>& fill,
                            base::Access access) override {
    std::ostringstream out;
    fill(out);
    std::lock_guard lock(mu_);
    const std::string p = normal(path);
    if (type_of(p) == base::FileType::kDirectory) return fail(ErrorKind::kIo, "Is a directory");
    if (!parent_is_directory(p)) return fail(ErrorKind::kNotFound, "No such file or directory");
    files_[p] = File{std::move(out).str(), access};
    return {};
  }
  Result<void> probe_write(const std::string& path) const override {
    std::lock_guard lock(mu_);
    const std::string p = normal(path);
    if (type_of(p) == base::FileType::kDirectory) return fail(ErrorKind::kIo, "Is a directory");
    if (!parent_is_directory(p)) return fail(ErrorKind::kNotFound, "No such file or directory");
    return {};
  }
  Result<void> remove_path(const std::string& path) override {
    std::lock_guard lock(mu_);
    if (files_.erase(normal(path)) == 0) return fail(ErrorKind::kNotFound, "No such file or directory");
    return {};
  }
  Result<std::vector<std::string>> list_names(const std::string& path) const override {
    std::lock_guard lock(mu_);
    const std::string p = normal(path);
    const auto type = type_of(p);
    if (type == base::FileType::kNone) return fail(ErrorKind::kNotFound, "No such file or directory");
    if (type != base::FileType::kDirectory) return fail(ErrorKind::kIo, "Not a directory");
    std::set<std::string> names;
    auto child_of = [&](const std::string& entry) {
      const std::filesystem::path e(entry);
      for (std::filesystem::path at = e; at.has_parent_path() && at != at.parent_path(); at = at.parent_path()) {
        if (at.parent_path() == std::filesystem::path(p)) {
          names.insert(at.filename().string());
          return;
        }
      }
    };
    for (const auto& [file, contents] : files_) child_of(file);
    for (const auto& dir : directories_) child_of(dir);
    return std::vector<std::string>(names.begin(), names.end());
  }
  Result<void> make_directories(const std::string& path, base::Access access) override {
    std::lock_guard lock(mu_);
    const std::string p = normal(path);
    for (std::filesystem::path at(p); !at.empty() && at != at.root_path(); at = at.parent_path()) {
      if (files_.contains(at.string())) return fail(ErrorKind::kIo, "File exists");
    }
    directories_.insert(p);
    directory_access_[p] = access;
    return {};
  }

 private:
  struct File {
    std::string contents;
    base::Access access = base::Access::kDefault;
  };

  static std::string normal(const std::string& path) {
    std::string p = std::filesystem::path(path).lexically_normal().string();
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
  }
  // Whether something lies below `dir` (which makes it a directory).
  bool has_below(const std::string& dir) const {
    const std::string prefix = dir == "/" ? dir : dir + "/";
    auto f = files_.lower_bound(prefix);
    if (f != files_.end() && f->first.starts_with(prefix)) return true;
    auto d = directories_.lower_bound(prefix);
    return d != directories_.end() && d->starts_with(prefix);
  }
  base::FileType type_of(const std::string& p) const {
    if (files_.contains(p)) return base::FileType::kFile;
    if (p == "/" || p == "." || directories_.contains(p) || has_below(p)) {
      return base::FileType::kDirectory;
    }
    return base::FileType::kNone;
  }
  bool parent_is_directory(const std::string& p) const {
    const std::string parent = std::filesystem::path(p).parent_path().string();
    return parent.empty() || type_of(parent) == base::FileType::kDirectory;
  }

  mutable std::mutex mu_;
  std::map<std::string, std::string> variables_;
  std::map<std::string, File> files_;
  std::set<std::string> directories_;
  std::map<std::string, base::Access> directory_access_;
  std::map<std::string, std::string> unreadable_;
  FakeClock clock_;
};

}  // namespace rolecall::testing
