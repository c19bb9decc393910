#pragma once
// The environment code runs in: variables, files and the clock, injected (as leveldb's Env) so
// nothing below the command line calls getenv, opens files or reads the system time itself, and
// tests can run against an in-memory environment (tests/support/fake_env.h).

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "rolecall/error.h"

namespace rolecall::base {

// What is at a path.
enum class FileType { kNone, kFile, kDirectory, kOther };

// Who may use a file or directory the Env creates.
enum class Access {
  kDefault,    // what the process's umask allows
  kOwnerOnly,  // 0600 files, 0700 directories: for what may hold secrets
};

// Variables, files and time for one process or test. Implementations are thread-safe.
class Env {
 public:
  virtual ~Env() = default;

  // The process's own variables, files and clock; lives as long as the process.
  static Env& system();

  // The variable's value; nullopt when unset or empty (empty counts as unset, as for AWS tools).
  std::optional<std::string> get(std::string_view name) const;
  // True when the variable is set, even to "" (AWS_PAGER="" means "no pager").
  bool is_set(std::string_view name) const { return variable(name).has_value(); }
  // True when the variable is set to "true" in any case.
  bool is_true(std::string_view name) const;
  // Every set, non-empty variable whose name starts with `prefix`, by name.
  virtual std::map<std::string, std::string> variables_with_prefix(std::string_view prefix) const = 0;

  // The whole file. Fails with kNotFound when nothing is at `path`, else kIo, with the message
  // "cannot read <what> <path>: <reason>" ("cannot read <path>: <reason>" when `what` is empty).
  Result<std::string> read_file(const std::string& path, std::string_view what = {}) const;
  // Writes `contents` as the whole of `path`, replacing it atomically: a reader sees the old file
  // or the new one, never a part, and a failed write leaves the old one (a device or pipe, such as
  // /dev/stdout, is written in place). kIo "cannot write <path>: <reason>".
  Result<void> write_file(const std::string& path, std::string_view contents, Access access = Access::kDefault);
  // As above, streaming what `fill` writes (large reports need no second copy in memory).
  Result<void> write_file(const std::string& path, const std::function<void(std::ostream&)>& fill,
                          Access access = Access::kDefault);
  // Whether write_file(path) can succeed, as far as can be told without writing it: a new file can
  // be created beside `path` (where write_file writes before renaming), or a device or pipe at
  // `path` may be written. Leaves nothing behind. kNotFound or kIo "cannot write <path>: <reason>".
  Result<void> check_writable(const std::string& path) const;
  // Removes the file at `path`; nothing there is success. kIo "cannot remove <path>: <reason>".
  Result<void> remove_file(const std::string& path);
  // What is at `path`, following symbolic links; kNone also when it cannot be looked at.
  virtual FileType file_type(const std::string& path) const = 0;
  // The names in directory `path`, sorted; kNotFound or kIo "cannot list <path>: <reason>".
  Result<std::vector<std::string>> list_directory(const std::string& path) const;
  // Creates directory `path` and its missing parents; `access` applies to `path` itself, also when
  // it existed. Fails with kIo "cannot create <path>: <reason>".
  Result<void> create_directories(const std::string& path, Access access = Access::kDefault);

  // The clock.
  virtual const Clock& clock() const = 0;

 protected:
  // The variable as set (possibly empty); nullopt when unset.
  virtual std::optional<std::string> variable(std::string_view name) const = 0;
  // The file's bytes; on failure kNotFound or kIo with the bare reason ("Permission denied").
  virtual Result<std::string> read_bytes(const std::string& path) const = 0;
  // Replaces `path` atomically with what `fill` writes (see write_file); errors as for read_bytes.
  virtual Result<void> write_stream(const std::string& path, const std::function<void(std::ostream&)>& fill,
                                    Access access) = 0;
  // Whether `path` could be written (see check_writable); errors as for read_bytes.
  virtual Result<void> probe_write(const std::string& path) const = 0;
  // Removes the file at `path` (kNotFound when nothing is there); errors as for read_bytes.
  virtual Result<void> remove_path(const std::string& path) = 0;
  // The names in directory `path`, in any order; errors as for read_bytes.
  virtual Result<std::vector<std::string>> list_names(const std::string& path) const = 0;
  // Creates directory `path` and its parents, then applies `access` to it; errors as for read_bytes.
  virtual Result<void> make_directories(const std::string& path, Access access) = 0;
  // The error of a failed file operation: "cannot <verb> <path>: <reason>".
  static Error file_error(ErrorKind kind, std::string_view verb, std::string_view path, std::string_view reason);
};

// The operating system's environment: real files and clock; the process's variables, or only a
// given set of them (for a run that must not see the user's configuration, like the demo).
class SystemEnv final : public Env {
 public:
  // The process's variables, read at each lookup.
  SystemEnv() = default;
  // Only `variables`; the files and clock are still the system's.
  explicit SystemEnv(std::map<std::string, std::string> variables) : variables_(std::move(variables)) {}

  std::map<std::string, std::string> variables_with_prefix(std::string_view prefix) const override;
  FileType file_type(const std::string& path) const override;
  const Clock& clock() const override { return clock_; }

 protected:
  std::optional<std::string> variable(std::string_view name) const override;
  Result<std::string> read_bytes(const std::string& path) const override;
  Result<void> write_stream(const std::string& path, const std::function<void(std::ostream&)>& fill,
                            Access access) override;
  Result<void> probe_write(const std::string& path) const override;
  Result<void> remove_path(const std::string& path) override;
  Result<std::vector<std::string>> list_names(const std::string& path) const override;
  Result<void> make_directories(const std::string& path, Access access) override;

 private:
  std::optional<std::map<std::string, std::string>> variables_;  // nullopt: the process's
  SystemClock clock_;
};

}  // namespace rolecall::base
