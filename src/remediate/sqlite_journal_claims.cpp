// Run claims in the SQLite journal: each run's claim is an open-file-description lock on one byte of
// <journal>-claims (the byte at the run's row id), so it belongs to the process's open file, is not
// inherited, conflicts between two Journal objects even in one process, and the kernel drops it
// when the process ends however it ends. The claims table only says who took it last.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "remediate/sqlite_journal.h"
#include "remediate/sqlite_journal_stmt.h"

namespace rolecall::remediate {
namespace {

using journal_detail::bind_param;
using journal_detail::column;

// The lock on byte `offset` of `fd`: F_WRLCK to take, F_UNLCK to test with F_OFD_GETLK.
struct flock claim_lock(short type, std::int64_t offset) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = 1;
  fl.l_pid = 0;  // open-file-description locks require 0
  return fl;
}

std::string claims_path(const std::string& journal) { return journal + "-claims"; }

}  // namespace

Result<std::int64_t> SqliteJournal::run_rowid(const std::string& run_id) {
  auto s = stmts_->run_rowid.use();
  bind_param(s, 1, run_id);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return static_cast<std::int64_t>(sqlite3_column_int64(s, 0));
  if (rc != SQLITE_DONE) return fail(db_error("reading run " + run_id));
  return fail(ErrorKind::kNotFound, fmt::format("journal {} has no run {}", path(), run_id));
}

Result<std::optional<RunClaim>> SqliteJournal::claim_row(const std::string& run_id) {
  auto s = stmts_->claim_row.use();
  bind_param(s, 1, run_id);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    return std::optional<RunClaim>(RunClaim{run_id, column(s, 0), column(s, 1),
                                            static_cast<std::int64_t>(sqlite3_column_int64(s, 2)), column(s, 3)});
  }
  if (rc != SQLITE_DONE) return fail(db_error("reading the claim on " + run_id));
  return std::optional<RunClaim>();
}

Result<void> SqliteJournal::claim_run(const std::string& run_id, const std::string& purpose) {
  if (claimed_.contains(run_id)) return {};
  auto rowid = run_rowid(run_id);
  if (!rowid) return fail(rowid.error());
  const std::string file = claims_path(path());
  if (claims_fd_ < 0) {
    claims_fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (claims_fd_ < 0) {
      return fail(ErrorKind::kIo, fmt::format("journal {}: cannot open {} to claim run {}: {}", path(), file, run_id,
                                              std::strerror(errno)));
    }
  }
  auto got = try_for_a_while([&]() -> Result<bool> {
    struct flock fl = claim_lock(F_WRLCK, *rowid);
    if (::fcntl(claims_fd_, F_OFD_SETLK, &fl) == 0) return true;
    if (errno == EAGAIN || errno == EACCES) return false;
    return fail(ErrorKind::kIo, fmt::format("journal {}: cannot lock {} to claim run {}: {}", path(), file, run_id,
                                            std::strerror(errno)));
  });
  if (!got) return fail(got.error());
  if (!*got) {
    auto holder = claim_row(run_id);
    return fail(run_claimed_error(path(), run_id, holder ? *holder : std::nullopt));
  }
  const RunClaim mine = new_claim(run_id, purpose);
  auto s = stmts_->put_claim.use();
  bind_param(s, 1, run_id);
  bind_param(s, 2, mine.purpose);
  bind_param(s, 3, mine.host);
  bind_param(s, 4, mine.pid);
  bind_param(s, 5, mine.claimed_at);
  if (sqlite3_step(s) != SQLITE_DONE) {
    auto e = db_error("recording the claim on " + run_id);
    struct flock fl = claim_lock(F_UNLCK, *rowid);
    ::fcntl(claims_fd_, F_OFD_SETLK, &fl);
    return fail(e);
  }
  claimed_.insert(run_id);
  return {};
}

Result<std::optional<RunClaim>> SqliteJournal::claim_of(const std::string& run_id) {
  auto rowid = run_rowid(run_id);
  if (!rowid) return fail(rowid.error());
  if (claimed_.contains(run_id)) return claim_row(run_id);
  const std::string file = claims_path(path());
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<RunClaim>();  // no run was ever claimed
    return fail(ErrorKind::kIo, fmt::format("journal {}: cannot open {}: {}", path(), file, std::strerror(errno)));
  }
  struct flock fl = claim_lock(F_WRLCK, *rowid);
  const int rc = ::fcntl(fd, F_OFD_GETLK, &fl);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) {
    return fail(ErrorKind::kIo, fmt::format("journal {}: cannot test {}: {}", path(), file, std::strerror(saved)));
  }
  if (fl.l_type == F_UNLCK) return std::optional<RunClaim>();
  auto row = claim_row(run_id);
  if (!row) return fail(row.error());
  if (*row) return row;
  // Locked, but the holder has not written its row yet.
  return std::optional<RunClaim>(RunClaim{run_id, "", "", 0, ""});
}

}  // namespace rolecall::remediate
