#pragma once
// The SQLite journal's statements (sqlite_journal.cpp, sqlite_journal_claims.cpp): one prepared
// statement reset after each use, binding and reading its values, and the journal's set of them.

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "remediate/sqlite_journal.h"

namespace rolecall::remediate {
// Named, not anonymous: SqliteJournal::Statements (external linkage) holds these as members.
namespace journal_detail {

// Owns one prepared statement; reset on every use.
class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  int prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  // The statement, cleared for new bindings; reset again when the returned guard goes away, so no
  // statement keeps a read transaction open (it would hold back other connections' checkpoints and
  // make this connection's next write transaction fail with SQLITE_BUSY_SNAPSHOT).
  class InUse {
   public:
    explicit InUse(sqlite3_stmt* s) : s_(s) {}
    ~InUse() { sqlite3_reset(s_); }
    InUse(const InUse&) = delete;
    InUse& operator=(const InUse&) = delete;
    operator sqlite3_stmt*() const { return s_; }

   private:
    sqlite3_stmt* s_;
  };
  InUse use() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return InUse(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Not named `bind`: for a std::string temporary, argument-dependent lookup would pick std::bind.
inline void bind_param(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
inline void bind_param(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }

// Column `i` of the current row as text ("" for NULL).
inline std::string column(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
              : std::string();
}

}  // namespace journal_detail

// The journal's prepared statements (prepared by SqliteJournal::prepare_statements).
struct SqliteJournal::Statements {
  using Stmt = journal_detail::Stmt;
  Stmt insert_run, finish_run, reopen_run, next_seq, insert_step, update_step, all_runs, one_run, steps;
  Stmt run_rowid, claim_row, put_claim;  // run claims: sqlite_journal_claims.cpp
};

}  // namespace rolecall::remediate
