// The remediation journal on SQLite: WAL + synchronous=FULL so every committed intent and outcome
// survives a crash; schema versioned in PRAGMA user_version, ownership marked in application_id.
#include "remediate/sqlite_journal.h"

#include <sqlite3.h>
#include <unistd.h>

#include <map>

#include <fmt/format.h>

#include "remediate/sqlite_journal_stmt.h"

namespace rolecall::remediate {
namespace {

using journal_detail::bind_param;
using journal_detail::column;
using journal_detail::Stmt;

constexpr const char* kRunColumns =
    "run_id, kind, parent_run_id, plan_json, plan_source, caller, dry_run, started_at, finished_at, status, "
    "plan_digest, ticket, approved_by";

RunRecord read_run(sqlite3_stmt* s) {
  RunRecord r;
  r.run_id = column(s, 0);
  r.kind = column(s, 1);
  r.parent_run_id = column(s, 2);
  r.plan_json = column(s, 3);
  r.plan_source = column(s, 4);
  r.caller = column(s, 5);
  r.dry_run = sqlite3_column_int(s, 6) != 0;
  r.started_at = column(s, 7);
  r.finished_at = column(s, 8);
  parse_run_status(column(s, 9), r.status);
  r.plan_digest = column(s, 10);
  r.ticket = column(s, 11);
  r.approved_by = column(s, 12);
  return r;
}

}  // namespace

SqliteJournal::SqliteJournal(sqlite3* db, std::string path, const base::Clock& clock)
    : Journal(std::move(path), clock), db_(db), stmts_(std::make_unique<Statements>()) {}

SqliteJournal::~SqliteJournal() {
  stmts_.reset();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
  if (claims_fd_ >= 0) ::close(claims_fd_);  // frees this object's claims
}

Error SqliteJournal::db_error(const std::string& what) const {
  return Error::io(fmt::format("journal {}: {}: {}", path(), what, sqlite3_errmsg(db_)));
}

Result<void> SqliteJournal::prepare_statements() {
  auto& st = *stmts_;
  struct Prep {
    Stmt& stmt;
    std::string sql;
  };
  Prep preps[] = {
      {st.insert_run, fmt::format("INSERT INTO runs ({}) VALUES (?,?,?,?,?,?,?,?,'',?,?,?,?)", kRunColumns)},
      {st.finish_run, "UPDATE runs SET status=?, finished_at=? WHERE run_id=?"},
      {st.reopen_run, "UPDATE runs SET status='running', finished_at='' WHERE run_id=?"},
      {st.next_seq, "SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE run_id=?"},
      {st.insert_step,
       "INSERT INTO steps (run_id, seq, instance_id, account_id, region, operation, before_profile_arn, "
       "before_association_id, target_profile_arn, status, intent_at) VALUES (?,?,?,?,?,?,?,?,?,'intent',?)"},
      {st.update_step,
       "UPDATE steps SET status=?, result_association_id=?, error=?, request_id=?, outcome_at=?, reason=? WHERE "
       "run_id=? AND seq=?"},
      {st.all_runs, fmt::format("SELECT {} FROM runs ORDER BY started_at DESC, run_id DESC", kRunColumns)},
      {st.one_run, fmt::format("SELECT {} FROM runs WHERE run_id=?", kRunColumns)},
      {st.steps,
       "SELECT run_id, seq, instance_id, account_id, region, operation, before_profile_arn, before_association_id, "
       "target_profile_arn, status, result_association_id, error, request_id, intent_at, outcome_at, reason "
       "FROM steps WHERE run_id=? ORDER BY seq"},
      {st.run_rowid, "SELECT rowid FROM runs WHERE run_id=?"},
      {st.claim_row, "SELECT purpose, host, pid, claimed_at FROM claims WHERE run_id=?"},
      {st.put_claim, "INSERT OR REPLACE INTO claims (run_id, purpose, host, pid, claimed_at) VALUES (?,?,?,?,?)"},
  };
  for (auto& p : preps) {
    if (p.stmt.prepare(db_, p.sql.c_str()) != SQLITE_OK) return fail(db_error("preparing statements"));
  }
  return {};
}

Result<std::string> SqliteJournal::begin_run(const RunRecord& run) {
  for (int attempt = 0;; ++attempt) {
    std::string id = new_run_id();
    auto s = stmts_->insert_run.use();
    bind_param(s, 1, id);
    bind_param(s, 2, run.kind);
    bind_param(s, 3, run.parent_run_id);
    bind_param(s, 4, run.plan_json);
    bind_param(s, 5, run.plan_source);
    bind_param(s, 6, run.caller);
    bind_param(s, 7, static_cast<std::int64_t>(run.dry_run ? 1 : 0));
    bind_param(s, 8, now_iso());
    bind_param(s, 9, std::string(to_string(RunStatus::kRunning)));
    bind_param(s, 10, run.plan_digest);
    bind_param(s, 11, run.ticket);
    bind_param(s, 12, run.approved_by);
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return id;
    // Two runs started in the same second drew the same suffix: draw again.
    if (rc != SQLITE_CONSTRAINT_PRIMARYKEY || attempt == 3) return fail(db_error("recording the run"));
  }
}

Result<void> SqliteJournal::finish_run(const std::string& run_id, RunStatus status) {
  auto s = stmts_->finish_run.use();
  bind_param(s, 1, std::string(to_string(status)));
  bind_param(s, 2, status == RunStatus::kRunning ? std::string() : now_iso());
  bind_param(s, 3, run_id);
  if (sqlite3_step(s) != SQLITE_DONE) return fail(db_error("finishing run " + run_id));
  if (sqlite3_changes(db_) == 0)
    return fail(ErrorKind::kNotFound, fmt::format("journal {}: no run {}", path(), run_id));
  return {};
}

Result<void> SqliteJournal::reopen_run(const std::string& run_id) {
  auto s = stmts_->reopen_run.use();
  bind_param(s, 1, run_id);
  if (sqlite3_step(s) != SQLITE_DONE) return fail(db_error("reopening run " + run_id));
  if (sqlite3_changes(db_) == 0)
    return fail(ErrorKind::kNotFound, fmt::format("journal {}: no run {}", path(), run_id));
  return {};
}

Result<std::vector<std::int64_t>> SqliteJournal::record_intents(const std::vector<StepRecord>& steps) {
  std::vector<std::int64_t> seqs;
  if (steps.empty()) return seqs;
  if (auto r = transaction_begin(); !r) return fail(r.error());
  std::string at = now_iso();
  std::map<std::string, std::int64_t> next;  // per run: the next free seq
  for (const auto& step : steps) {
    auto it = next.find(step.run_id);
    if (it == next.end()) {
      auto q = stmts_->next_seq.use();
      bind_param(q, 1, step.run_id);
      if (sqlite3_step(q) != SQLITE_ROW) {
        auto e = db_error("numbering steps");
        transaction_rollback();
        return fail(e);
      }
      it = next.emplace(step.run_id, sqlite3_column_int64(q, 0)).first;
    }
    std::int64_t seq = it->second++;
    auto s = stmts_->insert_step.use();
    bind_param(s, 1, step.run_id);
    bind_param(s, 2, seq);
    bind_param(s, 3, step.instance_id);
    bind_param(s, 4, step.account_id);
    bind_param(s, 5, step.region);
    bind_param(s, 6, step.operation);
    bind_param(s, 7, step.before_profile_arn);
    bind_param(s, 8, step.before_association_id);
    bind_param(s, 9, step.target_profile_arn);
    bind_param(s, 10, at);
    if (sqlite3_step(s) != SQLITE_DONE) {
      auto e = db_error("recording intent for " + step.instance_id);
      transaction_rollback();
      return fail(e);
    }
    seqs.push_back(seq);
  }
  if (auto r = transaction_commit(); !r) {
    transaction_rollback();
    return fail(r.error());
  }
  return seqs;
}

Result<void> SqliteJournal::record_outcomes(const std::vector<StepOutcome>& outcomes) {
  if (outcomes.empty()) return {};
  if (auto r = transaction_begin(); !r) return r;
  std::string at = now_iso();
  for (const auto& o : outcomes) {
    auto s = stmts_->update_step.use();
    bind_param(s, 1, std::string(to_string(o.status)));
    bind_param(s, 2, o.result_association_id);
    bind_param(s, 3, o.error);
    bind_param(s, 4, o.request_id);
    bind_param(s, 5, at);
    bind_param(s, 6, std::string(to_string(o.reason)));
    bind_param(s, 7, o.run_id);
    bind_param(s, 8, o.seq);
    if (sqlite3_step(s) != SQLITE_DONE || sqlite3_changes(db_) == 0) {
      auto e = sqlite3_changes(db_) == 0
                   ? Error::not_found(fmt::format("journal {}: no step {} in run {}", path(), o.seq, o.run_id))
                   : db_error("recording outcome");
      transaction_rollback();
      return fail(e);
    }
  }
  if (auto r = transaction_commit(); !r) {
    transaction_rollback();
    return r;
  }
  return {};
}

Result<std::vector<RunRecord>> SqliteJournal::runs() {
  std::vector<RunRecord> out;
  auto s = stmts_->all_runs.use();
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(read_run(s));
  if (rc != SQLITE_DONE) return fail(db_error("listing runs"));
  return out;
}

Result<RunRecord> SqliteJournal::run(const std::string& run_id) {
  auto s = stmts_->one_run.use();
  bind_param(s, 1, run_id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return read_run(s);
  if (rc != SQLITE_DONE) return fail(db_error("reading run " + run_id));
  return fail(ErrorKind::kNotFound, fmt::format("journal {} has no run {}", path(), run_id));
}

Result<std::vector<StepRecord>> SqliteJournal::steps(const std::string& run_id) {
  std::vector<StepRecord> out;
  auto s = stmts_->steps.use();
  bind_param(s, 1, run_id);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    StepRecord r;
    r.run_id = column(s, 0);
    r.seq = sqlite3_column_int64(s, 1);
    r.instance_id = column(s, 2);
    r.account_id = column(s, 3);
    r.region = column(s, 4);
    r.operation = column(s, 5);
    r.before_profile_arn = column(s, 6);
    r.before_association_id = column(s, 7);
    r.target_profile_arn = column(s, 8);
    parse_step_status(column(s, 9), r.status);
    r.result_association_id = column(s, 10);
    r.error = column(s, 11);
    r.request_id = column(s, 12);
    r.intent_at = column(s, 13);
    r.outcome_at = column(s, 14);
    parse_step_reason(column(s, 15), r.reason);  // a newer rolecall's reason reads as kNone
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return fail(db_error("reading steps of " + run_id));
  return out;
}

}  // namespace rolecall::remediate
