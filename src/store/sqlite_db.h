#pragma once
// One SQLite connection to a store file, opened as the remediation journal opens its file
// (src/remediate/journal_open.cpp): identified by its application id before anything is written,
// WAL so readers never wait for the one writer, a busy timeout plus retries of the BUSY answers
// SQLite gives without waiting, and writes in BEGIN IMMEDIATE transactions.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "rolecall/error.h"

namespace rolecall::store {

// A prepared statement, finalized when it goes away. Binds are 1-based, as SQLite's.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, const std::string* where) : stmt_(stmt), where_(where) {}
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), where_(other.where_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Binds text, or NULL for nullopt.
  Statement& bind_nullable(int index, const std::optional<std::string>& value);
  // Binds text.
  Statement& bind(int index, std::string_view value);
  // Binds an integer.
  Statement& bind(int index, std::int64_t value);
  // Steps once: true with a row, false when done; retries BUSY; kIo naming the store on failure.
  Result<bool> step();
  // Steps to the end (a statement without rows).
  Result<void> run();
  // Resets for the next set of binds.
  void reset();
  // Column `i` of the current row as text ("" for NULL), as an optional (nullopt for NULL), as int.
  std::string text(int i) const;
  std::optional<std::string> optional_text(int i) const;
  std::int64_t integer(int i) const;

 private:
  sqlite3_stmt* stmt_;
  const std::string* where_;  // the store's path, for errors
};

// An open SQLite file holding a rolecall store.
class SqliteDb {
 public:
  // Opens `path` read-write (creating it and its directory's file), refusing a file whose
  // application id is not `application_id` (kInvalidArgument naming the path), and switches it to WAL.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path, int application_id);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs `sql` (several statements), retrying BUSY.
  Result<void> exec(std::string_view sql);
  // Prepares one statement.
  Result<Statement> prepare(std::string_view sql);
  // BEGIN IMMEDIATE (takes the write lock now, so a transaction never fails half-way on BUSY).
  Result<void> begin();
  // COMMIT.
  Result<void> commit();
  // ROLLBACK, ignoring failure (nothing was committed).
  void rollback();
  // The id of the last inserted row.
  std::int64_t last_insert_id() const;
  // The file's path.
  const std::string& path() const { return path_; }
  // The raw connection (for tests and migrations).
  sqlite3* handle() const { return db_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// The error of SQLite result `rc` on `db` for store `path` doing `what`: kInvalidArgument when the
// file is not a database (or corrupt), else kIo.
Error sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what);

}  // namespace rolecall::store
