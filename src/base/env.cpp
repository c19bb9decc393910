// The Env's shared rules (empty variables are unset, how file errors read) and the system
// implementation: the one place below the command line that reads the process's variables,
// files and clock.
#include "base/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "base/ascii.h"

extern char** environ;

namespace rolecall::base {

std::chrono::system_clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }
std::chrono::steady_clock::time_point SystemClock::monotonic() const { return std::chrono::steady_clock::now(); }

Env& Env::system() {
  static SystemEnv env;
  return env;
}

std::optional<std::string> Env::get(std::string_view name) const {
  auto value = variable(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

bool Env::is_true(std::string_view name) const {
  auto value = get(name);
  return value && base::iequals(*value, "true");
}

Error Env::file_error(ErrorKind kind, std::string_view verb, std::string_view path, std::string_view reason) {
  return Error::of(kind, fmt::format("cannot {} {}: {}", verb, path, reason));
}

Result<std::string> Env::read_file(const std::string& path, std::string_view what) const {
  auto bytes = read_bytes(path);
  if (bytes) return bytes;
  const std::string subject = what.empty() ? path : fmt::format("{} {}", what, path);
  return fail(file_error(bytes.error().kind, "read", subject, bytes.error().message));
}

Result<void> Env::write_file(const std::string& path, std::string_view contents, Access access) {
  return write_file(
      path, [contents](std::ostream& out) { out.write(contents.data(), std::ssize(contents)); }, access);
}

Result<void> Env::write_file(const std::string& path, const std::function<void(std::ostream&)>& fill, Access access) {
  auto written = write_stream(path, fill, access);
  if (!written) return fail(file_error(written.error().kind, "write", path, written.error().message));
  return {};
}

Result<void> Env::check_writable(const std::string& path) const {
  auto probed = probe_write(path);
  if (!probed) return fail(file_error(probed.error().kind, "write", path, probed.error().message));
  return {};
}

Result<void> Env::remove_file(const std::string& path) {
  auto removed = remove_path(path);
  if (!removed && removed.error().kind != ErrorKind::kNotFound) {
    return fail(file_error(removed.error().kind, "remove", path, removed.error().message));
  }
  return {};
}

Result<std::vector<std::string>> Env::list_directory(const std::string& path) const {
  auto names = list_names(path);
  if (!names) return fail(file_error(names.error().kind, "list", path, names.error().message));
  std::sort(names->begin(), names->end());
  return names;
}

Result<void> Env::create_directories(const std::string& path, Access access) {
  auto made = make_directories(path, access);
  if (!made) return fail(file_error(made.error().kind, "create", path, made.error().message));
  return {};
}

namespace {

namespace fs = std::filesystem;

// The failure of a system call that set `err`: kNotFound when nothing is at the path.
Error system_error(int err) {
  return Error::of(err == ENOENT || err == ENOTDIR ? ErrorKind::kNotFound : ErrorKind::kIo, std::strerror(err));
}

Error filesystem_error(const std::error_code& ec) {
  const bool missing = ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
  return Error::of(missing ? ErrorKind::kNotFound : ErrorKind::kIo, ec.message());
}

}  // namespace

std::optional<std::string> SystemEnv::variable(std::string_view name) const {
  if (variables_) {
    auto it = variables_->find(std::string(name));
    if (it == variables_->end()) return std::nullopt;
    return it->second;
  }
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::map<std::string, std::string> SystemEnv::variables_with_prefix(std::string_view prefix) const {
  std::map<std::string, std::string> out;
  if (variables_) {
    for (auto it = variables_->lower_bound(std::string(prefix)); it != variables_->end(); ++it) {
      if (!it->first.starts_with(prefix)) break;
      if (!it->second.empty()) out.insert(*it);
    }
    return out;
  }
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq + 1 == text.size()) continue;
    const auto name = text.substr(0, eq);
    if (name.starts_with(prefix)) out.emplace(std::string(name), std::string(text.substr(eq + 1)));
  }
  return out;
}

Result<std::string> SystemEnv::read_bytes(const std::string& path) const {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(system_error(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(system_error(errno));
  if (S_ISDIR(st.st_mode)) return fail(ErrorKind::kIo, "it is a directory");
  std::string text;
  if (S_ISREG(st.st_mode) && st.st_size > 0) text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(system_error(errno));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

namespace {

// The file write_stream replaces for `path`: the one a symbolic link points to (the link stays).
fs::path write_target(const std::string& path) {
  std::error_code ec;
  fs::path target = path;
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    const fs::path link = fs::read_symlink(target, ec);
    if (!ec) target = link.is_absolute() ? link : target.parent_path() / link;
  }
  return target;
}

// True for a device or pipe: nothing to replace, written in place.
bool written_in_place(const fs::path& target) {
  std::error_code ec;
  const auto status = fs::status(target, ec);
  return fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
}

// Creates a new file beside `target` with `mode`, its name in `temp`; the open descriptor, or -1
// with errno set.
int create_beside(const fs::path& target, mode_t mode, std::string& temp) {
  static std::atomic<unsigned> counter{0};
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    temp = fmt::format("{}.tmp-{}-{}", target.string(), ::getpid(), counter++);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  return fd;
}

}  // namespace

Result<void> SystemEnv::write_stream(const std::string& path, const std::function<void(std::ostream&)>& fill,
                                     Access access) {
  const fs::path target = write_target(path);
  if (written_in_place(target)) {
    std::ofstream out(target, std::ios::binary);
    if (!out) return fail(system_error(errno));
    errno = 0;
    fill(out);
    if (!out.flush()) return fail(system_error(errno != 0 ? errno : EIO));
    return {};
  }
  // A new file beside the target, renamed over it once complete: readers never see a part of it,
  // and a failure leaves the previous file as it was. Created with the access it will have, so a
  // secret is never readable by others, not even while being written.
  const mode_t mode = access == Access::kOwnerOnly ? 0600 : 0666;  // less the umask
  std::string temp;
  const int fd = create_beside(target, mode, temp);
  if (fd < 0) return fail(system_error(errno));
  const auto discard = [&](int err) {
    ::unlink(temp.c_str());
    return fail(system_error(err));
  };
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      const int err = errno;
      ::close(fd);
      return discard(err != 0 ? err : EIO);
    }
    errno = 0;
    fill(out);
    if (!out.flush()) {
      const int err = errno;
      ::close(fd);
      return discard(err != 0 ? err : EIO);
    }
  }
  const bool synced = ::fsync(fd) == 0;  // the contents reach the disk before the name does
  const int sync_err = errno;
  ::close(fd);
  if (!synced) return discard(sync_err);
  if (::rename(temp.c_str(), target.c_str()) != 0) return discard(errno);
  return {};
}

Result<void> SystemEnv::probe_write(const std::string& path) const {
  const fs::path target = write_target(path);
  if (written_in_place(target)) {
    // Opening a pipe for writing would wait for a reader: ask for the permission instead.
    if (::access(target.c_str(), W_OK) != 0) return fail(system_error(errno));
    return {};
  }
  if (file_type(target.string()) == FileType::kDirectory) return fail(ErrorKind::kIo, std::strerror(EISDIR));
  std::string temp;
  const int fd = create_beside(target, 0600, temp);
  if (fd < 0) return fail(system_error(errno));
  ::close(fd);
  ::unlink(temp.c_str());
  return {};
}

Result<void> SystemEnv::remove_path(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return fail(system_error(errno));
  return {};
}

FileType SystemEnv::file_type(const std::string& path) const {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return FileType::kNone;
  if (fs::is_regular_file(status)) return FileType::kFile;
  if (fs::is_directory(status)) return FileType::kDirectory;
  return FileType::kOther;
}

Result<std::vector<std::string>> SystemEnv::list_names(const std::string& path) const {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return fail(filesystem_error(ec));
  return names;
}

Result<void> SystemEnv::make_directories(const std::string& path, Access access) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (!ec && access == Access::kOwnerOnly) {
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  if (ec) return fail(ErrorKind::kIo, ec.message());
  return {};
}

}  // namespace rolecall::base
