#include "store/sqlite_db.h"

#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>

namespace rolecall::store {
namespace {

// How long one statement waits for another connection's lock (a scan's record holds it for as long
// as writing its findings takes: seconds for a large estate).
constexpr int kBusyTimeoutMs = 60'000;
// Retries of a BUSY that SQLite answers without waiting (where waiting could deadlock, e.g. while
// the file is switched to WAL), a few milliseconds apart.
constexpr int kBusyRetries = 200;

bool busy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

void pause_before_retry() {
  thread_local std::minstd_rand random(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::milliseconds(2 + random() % 20));
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  const int primary = rc & 0xff;
  const std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return Error::invalid_argument(
        fmt::format("store {} is not a rolecall store ({}); refusing to touch it", path, reason));
  }
  return Error::io(fmt::format("store {}: {}: {}", path, what, reason));
}

Statement& Statement::bind_nullable(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, std::string_view(*value));
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Result<bool> Statement::step() {
  for (int attempt = 0;; ++attempt) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (!busy(rc) || attempt == kBusyRetries) {
      return fail(sqlite_error(sqlite3_db_handle(stmt_), rc, *where_, "running a statement"));
    }
    sqlite3_reset(stmt_);
    pause_before_retry();
  }
}

Result<void> Statement::run() {
  auto r = step();
  reset();
  if (!r) return fail(r.error());
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
}

std::optional<std::string> Statement::optional_text(int i) const {
  if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return std::nullopt;
  return text(i);
}

std::int64_t Statement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path, int application_id) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  if (rc != SQLITE_OK) return fail(sqlite_error(raw, rc, path, "cannot open"));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);
  // Identify the file before writing anything to it: a foreign or corrupt file stays untouched.
  auto id =
      db->prepare("SELECT (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_master)");
  if (!id) return fail(id.error());
  auto row = id->step();
  if (!row) return fail(row.error());
  const auto app = id->integer(0);
  const auto objects = id->integer(1);
  id->reset();
  if (app != application_id && !(app == 0 && objects == 0)) {
    return fail(Error::invalid_argument(
        fmt::format("store {} is not a rolecall store (application id {:#x}); refusing to touch it", path,
                    static_cast<std::uint32_t>(app))));
  }
  // The first connection switches the file to WAL (it needs the file alone for a moment; others
  // retry); afterwards this is a no-op.
  if (auto r = db->exec("PRAGMA journal_mode=WAL"); !r) return fail(r.error());
  if (auto r = db->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON"); !r) return fail(r.error());
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Result<void> SqliteDb::exec(std::string_view sql) {
  const std::string text(sql);
  for (int attempt = 0;; ++attempt) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc == SQLITE_OK) return {};
    if (!busy(rc) || attempt == kBusyRetries) return fail(sqlite_error(db_, rc, path_, "writing"));
    pause_before_retry();
  }
}

Result<Statement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  for (int attempt = 0;; ++attempt) {
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc == SQLITE_OK) return Statement(stmt, &path_);
    if (!busy(rc) || attempt == kBusyRetries) return fail(sqlite_error(db_, rc, path_, "reading"));
    pause_before_retry();
  }
}

Result<void> SqliteDb::begin() { return exec("BEGIN IMMEDIATE"); }
Result<void> SqliteDb::commit() { return exec("COMMIT"); }
void SqliteDb::rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
std::int64_t SqliteDb::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace rolecall::store
