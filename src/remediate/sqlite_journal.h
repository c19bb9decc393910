#pragma once
// The journal in an SQLite file (WAL, synchronous=FULL): schema versioned in PRAGMA user_version,
// ownership marked in application_id; several processes share one file through SQLite's locks.

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "remediate/journal.h"

struct sqlite3;

namespace rolecall::remediate {

// Opens the journal file at `path` as Journal::open describes.
Result<std::unique_ptr<Journal>> open_sqlite_journal(const std::string& path, const base::Clock& clock,
                                                     Journal::Access access);

// The SQLite backend of Journal.
class SqliteJournal final : public Journal {
 public:
  ~SqliteJournal() override;

  Result<std::string> begin_run(const RunRecord& run) override;
  Result<void> finish_run(const std::string& run_id, RunStatus status) override;
  Result<void> reopen_run(const std::string& run_id) override;
  Result<std::vector<std::int64_t>> record_intents(const std::vector<StepRecord>& steps) override;
  Result<void> record_outcomes(const std::vector<StepOutcome>& outcomes) override;
  Result<std::vector<RunRecord>> runs() override;
  Result<RunRecord> run(const std::string& run_id) override;
  Result<std::vector<StepRecord>> steps(const std::string& run_id) override;
  Result<void> claim_run(const std::string& run_id, const std::string& purpose) override;
  Result<std::optional<RunClaim>> claim_of(const std::string& run_id) override;

 private:
  friend Result<std::unique_ptr<Journal>> open_sqlite_journal(const std::string& path, const base::Clock& clock,
                                                              Journal::Access access);
  struct Statements;
  SqliteJournal(sqlite3* db, std::string path, const base::Clock& clock);
  // Runs `sql`, waiting while another connection holds a lock it needs (SQLite's busy timeout,
  // then retries: SQLite answers SQLITE_BUSY at once where waiting could deadlock).
  Result<void> exec(const char* sql);
  Result<void> transaction_begin();  // BEGIN IMMEDIATE: the write lock now, not at the first write
  Result<void> transaction_commit();
  void transaction_rollback();
  // Under the write lock: creates the schema in an empty file, or migrates an older one; one
  // transaction, so connections opening a new journal together create it exactly once.
  Result<void> ensure_schema();
  Result<void> prepare_statements();
  Error db_error(const std::string& what) const;
  // sqlite_journal_claims.cpp: the run's row id (its lock's byte in <journal>-claims), kNotFound
  // when there is no such run.
  Result<std::int64_t> run_rowid(const std::string& run_id);
  // The claims row of `run_id`, if any.
  Result<std::optional<RunClaim>> claim_row(const std::string& run_id);
  sqlite3* db_;
  int claims_fd_ = -1;             // <journal>-claims, opened at the first claim; closing it frees them all
  std::set<std::string> claimed_;  // runs this object holds
  std::unique_ptr<Statements> stmts_;
};

}  // namespace rolecall::remediate
