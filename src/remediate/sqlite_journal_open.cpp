// Opening the SQLite journal, safely with other users of the same file: identified before anything is
// written, WAL (readers and one writer at a time never block each other), a busy timeout with
// retries, and the schema created or migrated under the write lock in one transaction.
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "remediate/journal_schema.h"
#include "remediate/sqlite_journal.h"

namespace rolecall::remediate {
namespace {

namespace fs = std::filesystem;

// How long one statement waits for a lock held by another connection (an apply holds it for one
// batch of intents or outcomes: milliseconds).
constexpr int kBusyTimeoutMs = 10'000;
// Retries of a statement SQLite refused with SQLITE_BUSY without waiting (it does so where waiting
// could deadlock, e.g. while the file is still being switched to WAL), a few milliseconds apart.
constexpr int kBusyRetries = 200;

void pause_before_retry() {
  thread_local std::minstd_rand random(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::milliseconds(2 + random() % 20));
}

// What identifies a rolecall journal, read before anything is written.
struct Identity {
  int application_id = 0;
  int version = 0;
  int objects = 0;  // schema objects: 0 in a new, empty file
  bool fresh() const { return application_id == 0 && version == 0 && objects == 0; }
};

// Reads the identity; SQLite's result code on failure.
int identify(sqlite3* db, Identity& out) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db,
                              "SELECT (SELECT application_id FROM pragma_application_id), "
                              "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)",
                              -1, &s, nullptr);
  for (int attempt = 0; rc == SQLITE_OK; ++attempt) {
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      out = Identity{sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), sqlite3_column_int(s, 2)};
      rc = SQLITE_OK;
      break;
    }
    if ((rc & 0xff) != SQLITE_BUSY || attempt == kBusyRetries) break;
    sqlite3_reset(s);
    pause_before_retry();
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  return rc;
}

// True when this process may write `path` (root may write anything not on a read-only mount).
bool writable(const fs::path& path) { return ::access(path.c_str(), W_OK) == 0; }

// The directory holding `path` ("." for a bare file name).
fs::path directory_of(const std::string& path) {
  auto parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// `path` as an SQLite URI with `query`, for opening a file read-only that no one can write.
std::string file_uri(const std::string& path, const char* query) {
  std::string uri = "file:";
  for (char c : fs::absolute(path).string()) {
    if (c == '?' || c == '#' || c == '%') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  return uri + "?" + query;
}

// Copies database `from` whole into `to` (SQLite's online backup); SQLite's result code.
int copy_database(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return sqlite3_errcode(to);
  int rc = SQLITE_OK;
  for (int attempt = 0;; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_DONE || ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || attempt == kBusyRetries)
      break;
    pause_before_retry();
  }
  const int finished = sqlite3_backup_finish(backup);
  return rc == SQLITE_DONE ? finished : rc;
}

}  // namespace

Result<void> SqliteJournal::exec(const char* sql) {
  for (int attempt = 0;; ++attempt) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return {};
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if ((rc & 0xff) != SQLITE_BUSY || attempt == kBusyRetries) {
      return fail(ErrorKind::kIo, fmt::format("journal {}: {}", path(), text));
    }
    pause_before_retry();
  }
}

Result<void> SqliteJournal::transaction_begin() { return exec("BEGIN IMMEDIATE"); }
Result<void> SqliteJournal::transaction_commit() { return exec("COMMIT"); }
void SqliteJournal::transaction_rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

Result<void> SqliteJournal::ensure_schema() {
  if (auto r = transaction_begin(); !r) return r;
  // Read again under the write lock: another connection may have created or upgraded it meanwhile.
  Identity id;
  if (identify(db_, id) != SQLITE_OK) {
    auto e = db_error("reading the schema version");
    transaction_rollback();
    return fail(e);
  }
  Result<void> changed;
  if (id.fresh()) {
    changed = journal_schema::create(db_);
    if (!changed) changed = fail(changed.error().with_context(fmt::format("journal {}: creating the schema", path())));
  } else if (id.application_id != journal_schema::kApplicationId) {
    changed = fail(ErrorKind::kInvalidArgument,
                   fmt::format("journal {} is not a rolecall journal (application id {:#x}); refusing to touch it",
                               path(), static_cast<unsigned>(id.application_id)));
  } else if (id.version < journal_schema::kVersion) {
    changed = journal_schema::migrate(db_, id.version);
    if (!changed) {
      changed = fail(changed.error().with_context(
          fmt::format("journal {}: upgrading schema version {} to {}", path(), id.version, journal_schema::kVersion)));
    }
  }
  if (!changed) {
    transaction_rollback();
    return changed;
  }
  if (auto r = transaction_commit(); !r) {
    transaction_rollback();
    return r;
  }
  return {};
}

Result<std::unique_ptr<Journal>> open_sqlite_journal(const std::string& path, const base::Clock& clock,
                                                     Journal::Access access) {
  if (path.empty()) return fail(ErrorKind::kInvalidArgument, "journal path is empty");
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("journal {} is a directory, not a rolecall journal", path));
  }
  const bool reading = access == Journal::Access::kRead;
  const bool exists = fs::exists(path, ec);
  const auto read_only = [&](const std::string& what) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("journal {} is read-only ({} cannot be written by this user)", path, what));
  };
  std::string target = path;
  bool in_memory = false;
  int flags = SQLITE_OPEN_FULLMUTEX;
  if (reading && !exists) {
    target = ":memory:";  // nothing journaled yet: an empty journal, and no file created by looking
    in_memory = true;
    flags |= SQLITE_OPEN_READWRITE;
  } else if (reading) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    const fs::path dir = directory_of(path);
    fs::create_directories(dir, ec);
    if (ec)
      return fail(ErrorKind::kIo, fmt::format("journal {}: cannot create {}: {}", path, dir.string(), ec.message()));
    // WAL keeps two files beside the journal (-wal, -shm): writing needs the directory too.
    if (exists && !writable(path)) return read_only("the file");
    if (!writable(dir)) return read_only(fmt::format("its directory {}", dir.string()));
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  }

  sqlite3* db = nullptr;
  const auto open_db = [&](const std::string& name, int open_flags) -> Result<std::unique_ptr<SqliteJournal>> {
    const int rc = sqlite3_open_v2(name.c_str(), &db, open_flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close_v2(db);
      return fail(ErrorKind::kIo, fmt::format("journal {}: cannot open: {}", path, message));
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<SqliteJournal>(new SqliteJournal(db, path, clock));
  };
  auto j = open_db(target, flags);
  if (!j) return fail(j.error());

  // Identify the file before changing anything in it: a foreign or corrupt file stays untouched.
  Identity id;
  int rc = identify(db, id);
  if (rc != SQLITE_OK && reading && target == path) {
    // A WAL journal in a directory this user cannot write has no -shm to share with writers, and
    // none can be made; no one can write it either, so read it as it is.
    auto again = open_db(file_uri(path, "immutable=1"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX);
    if (!again) return fail(again.error());
    j = std::move(again);
    rc = identify(db, id);
  }
  if (rc != SQLITE_OK) {
    const int primary = rc & 0xff;
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
      return fail(
          ErrorKind::kInvalidArgument,
          fmt::format("journal {} is not a rolecall journal ({}); refusing to touch it", path, sqlite3_errmsg(db)));
    }
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM) {
      return read_only("the file or its directory");
    }
    return fail((*j)->db_error("reading it"));
  }
  if (!id.fresh() && id.application_id != journal_schema::kApplicationId) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("journal {} is not a rolecall journal (application id {:#x}); refusing to touch it", path,
                            static_cast<unsigned>(id.application_id)));
  }
  if (id.version > journal_schema::kVersion) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("journal {} has schema version {}, newer than this rolecall understands ({})", path,
                            id.version, journal_schema::kVersion));
  }
  if (reading && id.fresh()) {
    auto empty = open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX);  // created, nothing in it yet
    if (!empty) return fail(empty.error());
    j = std::move(empty);
    in_memory = true;
  } else if (reading && id.version < journal_schema::kVersion) {
    // An older journal is read through an upgraded copy in memory: reading never changes the file
    // (it may not even be writable); the next apply or rollback upgrades it in place.
    sqlite3* file_db = db;
    auto copy = open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX);
    if (!copy) return fail(copy.error());
    if (auto copied = copy_database(file_db, db); copied != SQLITE_OK) {
      return fail(ErrorKind::kIo, fmt::format("journal {}: cannot read schema version {} to upgrade it in memory: {}",
                                              path, id.version, sqlite3_errstr(copied)));
    }
    j = std::move(copy);
    in_memory = true;
  }
  if (!reading || in_memory) {
    if (!in_memory) {
      // The first connection switches the file to WAL (which needs it alone for a moment; others
      // retry); afterwards this is a no-op.
      if (auto r = (*j)->exec("PRAGMA journal_mode=WAL"); !r) return fail(r.error());
      if (auto r = (*j)->exec("PRAGMA synchronous=FULL"); !r) return fail(r.error());
    }
    if (auto r = (*j)->exec("PRAGMA foreign_keys=ON"); !r) return fail(r.error());
    if (auto r = (*j)->ensure_schema(); !r) return fail(r.error());
  }
  if (auto r = (*j)->prepare_statements(); !r) return fail(r.error());
  return std::unique_ptr<Journal>(std::move(*j));
}

}  // namespace rolecall::remediate
