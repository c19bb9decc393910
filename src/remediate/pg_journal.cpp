// The remediation journal on PostgreSQL. Every write is its own transaction, committed (durable,
// synchronous_commit as the server sets it) before the call returns; a batch of intents or outcomes
// is one statement over a JSON array, so its round trips do not grow with its steps. Steps are
// numbered under a row lock on their run, so writers on any machine never draw the same seq.
#include "remediate/pg_journal.h"

#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "base/json_text.h"
#include "db/pg_db.h"
#include "db/transaction.h"
#include "remediate/journal_schema.h"
#include "remediate/pg_journal_schema.h"

namespace rolecall::remediate {
namespace {

// The runs' columns in RunRecord's order; a column an older journal lacks reads as ''.
std::string pg_run_columns(int version) {
  return fmt::format(
      "run_id, kind, parent_run_id, plan_json, plan_source, caller, dry_run, started_at, finished_at, status, {}, {}",
      version >= 3 ? "plan_digest" : "''", version >= 4 ? "ticket, approved_by" : "'', ''");
}

// The steps' columns in StepRecord's order; reason reads as '' in a version 1 journal.
std::string pg_step_columns(int version) {
  return fmt::format(
      "run_id, seq, instance_id, account_id, region, operation, before_profile_arn, before_association_id, "
      "target_profile_arn, status, result_association_id, error, request_id, intent_at, outcome_at, {}",
      version >= 2 ? "reason" : "''");
}

RunRecord pg_read_run(const db::PgRows& rows, int i) {
  RunRecord r;
  r.run_id = rows.text(i, 0);
  r.kind = rows.text(i, 1);
  r.parent_run_id = rows.text(i, 2);
  r.plan_json = rows.text(i, 3);
  r.plan_source = rows.text(i, 4);
  r.caller = rows.text(i, 5);
  r.dry_run = rows.boolean(i, 6);
  r.started_at = rows.text(i, 7);
  r.finished_at = rows.text(i, 8);
  parse_run_status(rows.text(i, 9), r.status);
  r.plan_digest = rows.text(i, 10);
  r.ticket = rows.text(i, 11);
  r.approved_by = rows.text(i, 12);
  return r;
}

StepRecord pg_read_step(const db::PgRows& rows, int i) {
  StepRecord r;
  r.run_id = rows.text(i, 0);
  r.seq = rows.integer(i, 1);
  r.instance_id = rows.text(i, 2);
  r.account_id = rows.text(i, 3);
  r.region = rows.text(i, 4);
  r.operation = rows.text(i, 5);
  r.before_profile_arn = rows.text(i, 6);
  r.before_association_id = rows.text(i, 7);
  r.target_profile_arn = rows.text(i, 8);
  parse_step_status(rows.text(i, 9), r.status);
  r.result_association_id = rows.text(i, 10);
  r.error = rows.text(i, 11);
  r.request_id = rows.text(i, 12);
  r.intent_at = rows.text(i, 13);
  r.outcome_at = rows.text(i, 14);
  parse_step_reason(rows.text(i, 15), r.reason);  // a newer rolecall's reason reads as kNone
  return r;
}

// The PostgreSQL backend of Journal.
class PgJournal final : public Journal {
 public:
  // `version` 0: opened for reading a database without a journal, which reads as empty.
  PgJournal(std::unique_ptr<db::PgDb> db, int version, const base::Clock& clock)
      : Journal(db->location(), clock),
        db_(std::move(db)),
        version_(version),
        run_columns_(pg_run_columns(version)),
        step_columns_(pg_step_columns(version)) {}

  // Releases this object's claims before the connection closes: the server drops a closed session's
  // locks only once its backend has noticed, so another operator asking right after would still
  // see them. (A killed process's claims go that way, a moment later.) The claims are this
  // connection's only session-level advisory locks (the migration and record locks end with their
  // transactions), so one call releases them all.
  ~PgJournal() override {
    if (!claimed_.empty()) (void)db_->query("SELECT pg_advisory_unlock_all()");
  }

  Result<std::string> begin_run(const RunRecord& run) override {
    for (int attempt = 0;; ++attempt) {
      std::string id = new_run_id();
      auto rows = db_->query(
          "INSERT INTO rolecall_journal.runs (run_id, kind, parent_run_id, plan_json, plan_source, caller, dry_run, "
          "started_at, status, plan_digest, ticket, approved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11, $12) ON CONFLICT (run_id) DO NOTHING RETURNING run_id",
          {id, run.kind, run.parent_run_id, run.plan_json, run.plan_source, run.caller,
           std::string(run.dry_run ? "true" : "false"), now_iso(), std::string(to_string(RunStatus::kRunning)),
           run.plan_digest, run.ticket, run.approved_by});
      if (!rows) return fail(rows.error().with_context("recording the run"));
      if (rows->size() == 1) return id;
      // Two runs started in the same second drew the same suffix: draw again.
      if (attempt == 3) return fail(Error::io(fmt::format("journal {}: no free run id for {}", path(), id)));
    }
  }

  Result<void> finish_run(const std::string& run_id, RunStatus status) override {
    return update_run("UPDATE rolecall_journal.runs SET status = $2, finished_at = $3 WHERE run_id = $1 RETURNING 1",
                      {run_id, std::string(to_string(status)), status == RunStatus::kRunning ? "" : now_iso()}, run_id);
  }

  Result<void> reopen_run(const std::string& run_id) override {
    return update_run(
        "UPDATE rolecall_journal.runs SET status = 'running', finished_at = '' WHERE run_id = $1 RETURNING 1", {run_id},
        run_id);
  }

  Result<std::vector<std::int64_t>> record_intents(const std::vector<StepRecord>& steps) override {
    std::vector<std::int64_t> seqs;
    if (steps.empty()) return seqs;
    const std::string at = now_iso();
    auto done = db::in_transaction(*db_, [&]() -> Result<void> {
      std::map<std::string, std::int64_t> next;  // per run: the next free seq
      for (const auto& step : steps) next.emplace(step.run_id, 0);
      // Runs locked in one order (the map's), so two batches over the same runs cannot deadlock.
      for (auto& [run_id, seq] : next) {
        auto first = next_seq(run_id);
        if (!first) return fail(first.error());
        seq = *first;
      }
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& step : steps) {
        seqs.push_back(next[step.run_id]++);
        rows.push_back({{"run_id", step.run_id},
                        {"seq", seqs.back()},
                        {"instance_id", step.instance_id},
                        {"account_id", step.account_id},
                        {"region", step.region},
                        {"operation", step.operation},
                        {"before_profile_arn", step.before_profile_arn},
                        {"before_association_id", step.before_association_id},
                        {"target_profile_arn", step.target_profile_arn}});
      }
      auto r = db_->query(
          "INSERT INTO rolecall_journal.steps (run_id, seq, instance_id, account_id, region, operation, "
          "before_profile_arn, before_association_id, target_profile_arn, status, intent_at) "
          "SELECT run_id, seq, instance_id, account_id, region, operation, before_profile_arn, "
          "before_association_id, target_profile_arn, 'intent', $2 FROM jsonb_to_recordset($1::jsonb) AS s("
          "run_id text, seq bigint, instance_id text, account_id text, region text, operation text, "
          "before_profile_arn text, before_association_id text, target_profile_arn text)",
          {base::json_text(rows), at});
      if (!r) return fail(r.error().with_context("recording intents"));
      return {};
    });
    if (!done) return fail(done.error());
    return seqs;
  }

  Result<void> record_outcomes(const std::vector<StepOutcome>& outcomes) override {
    if (outcomes.empty()) return {};
    // The last outcome of a step wins, as in SQLite's statements run in order (one UPDATE ... FROM
    // would apply an arbitrary one of several rows for the same step).
    std::map<std::pair<std::string, std::int64_t>, const StepOutcome*> last;
    for (const auto& o : outcomes) last[{o.run_id, o.seq}] = &o;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [key, op] : last) {
      const StepOutcome& o = *op;
      rows.push_back({{"run_id", o.run_id},
                      {"seq", o.seq},
                      {"status", to_string(o.status)},
                      {"result_association_id", o.result_association_id},
                      {"error", o.error},
                      {"request_id", o.request_id},
                      {"reason", to_string(o.reason)}});
    }
    // One statement: all of them or (a step missing) none, as SQLite's one transaction.
    return db::in_transaction(*db_, [&]() -> Result<void> {
      auto r = db_->query(
          "UPDATE rolecall_journal.steps AS t SET status = o.status, result_association_id = "
          "o.result_association_id, error = o.error, request_id = o.request_id, outcome_at = $2, reason = o.reason "
          "FROM jsonb_to_recordset($1::jsonb) AS o(run_id text, seq bigint, status text, result_association_id text, "
          "error text, request_id text, reason text) WHERE t.run_id = o.run_id AND t.seq = o.seq "
          "RETURNING t.run_id, t.seq",
          {base::json_text(rows), now_iso()});
      if (!r) return fail(r.error().with_context("recording outcomes"));
      if (static_cast<std::size_t>(r->size()) == last.size()) return {};
      for (int i = 0; i < r->size(); ++i) last.erase(std::make_pair(r->text(i, 0), r->integer(i, 1)));
      const auto& [run_id, seq] = last.begin()->first;
      return fail(Error::not_found(fmt::format("journal {}: no step {} in run {}", path(), seq, run_id)));
    });
  }

  Result<std::vector<RunRecord>> runs() override {
    std::vector<RunRecord> out;
    if (version_ == 0) return out;
    auto rows =
        db_->query(fmt::format("SELECT {} FROM rolecall_journal.runs ORDER BY started_at COLLATE \"C\" DESC, "
                               "run_id COLLATE \"C\" DESC",
                               run_columns_));
    if (!rows) return fail(rows.error().with_context("listing runs"));
    for (int i = 0; i < rows->size(); ++i) out.push_back(pg_read_run(*rows, i));
    return out;
  }

  Result<RunRecord> run(const std::string& run_id) override {
    if (version_ > 0) {
      auto rows =
          db_->query(fmt::format("SELECT {} FROM rolecall_journal.runs WHERE run_id = $1", run_columns_), {run_id});
      if (!rows) return fail(rows.error().with_context("reading run " + run_id));
      if (rows->size() == 1) return pg_read_run(*rows, 0);
    }
    return fail(ErrorKind::kNotFound, fmt::format("journal {} has no run {}", path(), run_id));
  }

  Result<std::vector<StepRecord>> steps(const std::string& run_id) override {
    std::vector<StepRecord> out;
    if (version_ == 0) return out;
    auto rows = db_->query(
        fmt::format("SELECT {} FROM rolecall_journal.steps WHERE run_id = $1 ORDER BY seq", step_columns_), {run_id});
    if (!rows) return fail(rows.error().with_context("reading steps of " + run_id));
    for (int i = 0; i < rows->size(); ++i) out.push_back(pg_read_step(*rows, i));
    return out;
  }

  Result<void> claim_run(const std::string& run_id, const std::string& purpose) override {
    if (claimed_.contains(run_id)) return {};
    if (auto r = require_run(run_id); !r) return r;
    const std::string key = std::to_string(claim_key(run_id));
    auto got = try_for_a_while([&]() -> Result<bool> {
      auto rows = db_->query("SELECT pg_try_advisory_lock($1::bigint)", {key});
      if (!rows) return fail(rows.error().with_context("claiming run " + run_id));
      return rows->boolean(0, 0);
    });
    if (!got) return fail(got.error());
    if (!*got) {
      auto holder = claim_row(run_id);
      return fail(run_claimed_error(path(), run_id, holder ? *holder : std::nullopt));
    }
    const RunClaim mine = new_claim(run_id, purpose);
    auto rows = db_->query(
        "INSERT INTO rolecall_journal.claims (run_id, purpose, host, pid, claimed_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (run_id) DO UPDATE SET purpose = $2, host = $3, pid = $4, claimed_at = $5",
        {run_id, mine.purpose, mine.host, std::to_string(mine.pid), mine.claimed_at});
    if (!rows) {
      (void)db_->query("SELECT pg_advisory_unlock($1::bigint)", {key});
      return fail(rows.error().with_context("recording the claim on " + run_id));
    }
    claimed_.insert(run_id);
    return {};
  }

  Result<std::optional<RunClaim>> claim_of(const std::string& run_id) override {
    if (auto r = require_run(run_id); !r) return fail(r.error());
    if (claimed_.contains(run_id)) return claim_row(run_id);
    // A bigint advisory lock shows in pg_locks as classid (high 32 bits) and objid (low), objsubid 1.
    const auto key = static_cast<std::uint64_t>(claim_key(run_id));
    auto rows = db_->query(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND "
        "classid::bigint = $1::bigint AND objid::bigint = $2::bigint",
        {std::to_string(key >> 32), std::to_string(key & 0xffffffffu)});
    if (!rows) return fail(rows.error().with_context("reading the claim on " + run_id));
    if (rows->integer(0, 0) == 0) return std::optional<RunClaim>();
    auto row = claim_row(run_id);
    if (!row) return fail(row.error());
    if (*row) return row;
    return std::optional<RunClaim>(RunClaim{run_id, "", "", 0, ""});  // the holder has not written its row yet
  }

 private:
  // kNotFound unless run `run_id` is journaled; reads its key only (a run's row holds its whole plan).
  Result<void> require_run(const std::string& run_id) {
    if (version_ > 0) {
      auto rows = db_->query("SELECT 1 FROM rolecall_journal.runs WHERE run_id = $1", {run_id});
      if (!rows) return fail(rows.error().with_context("reading run " + run_id));
      if (rows->size() == 1) return {};
    }
    return fail(ErrorKind::kNotFound, fmt::format("journal {} has no run {}", path(), run_id));
  }

  // The advisory lock key of a run's claim: FNV-1a (64 bits) of "rolecall-run:" and the run id, so
  // that it does not collide with the keys of other applications sharing the database by chance.
  static std::int64_t claim_key(const std::string& run_id) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : "rolecall-run:" + run_id) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
    return static_cast<std::int64_t>(h);
  }

  // The claims row of `run_id`, if any (none before schema 5).
  Result<std::optional<RunClaim>> claim_row(const std::string& run_id) {
    if (version_ < 5) return std::optional<RunClaim>();
    auto rows =
        db_->query("SELECT purpose, host, pid, claimed_at FROM rolecall_journal.claims WHERE run_id = $1", {run_id});
    if (!rows) return fail(rows.error().with_context("reading the claim on " + run_id));
    if (rows->size() == 0) return std::optional<RunClaim>();
    return std::optional<RunClaim>(
        RunClaim{run_id, rows->text(0, 0), rows->text(0, 1), rows->integer(0, 2), rows->text(0, 3)});
  }

  // Runs an UPDATE of one run that returns a row when it matched; kNotFound when none did.
  Result<void> update_run(const std::string& sql, const db::PgParams& params, const std::string& run_id) {
    auto rows = db_->query(sql, params);
    if (!rows) return fail(rows.error().with_context("updating run " + run_id));
    if (rows->size() == 0) return fail(ErrorKind::kNotFound, fmt::format("journal {}: no run {}", path(), run_id));
    return {};
  }

  // Inside a transaction: the run's next free seq, its row locked until the transaction ends so
  // that no other writer numbers steps of the same run meanwhile.
  Result<std::int64_t> next_seq(const std::string& run_id) {
    auto locked = db_->query("SELECT 1 FROM rolecall_journal.runs WHERE run_id = $1 FOR UPDATE", {run_id});
    if (!locked) return fail(locked.error().with_context("numbering steps"));
    if (locked->size() == 0) return fail(Error::not_found(fmt::format("journal {}: no run {}", path(), run_id)));
    auto rows = db_->query("SELECT COALESCE(MAX(seq), 0) + 1 FROM rolecall_journal.steps WHERE run_id = $1", {run_id});
    if (!rows) return fail(rows.error().with_context("numbering steps"));
    return rows->integer(0, 0);
  }

  std::unique_ptr<db::PgDb> db_;
  int version_;
  std::string run_columns_;
  std::string step_columns_;
  std::set<std::string> claimed_;  // runs this object holds (its session's advisory locks)
};

}  // namespace

Result<std::unique_ptr<Journal>> open_pg_journal(const std::string& url, const base::Clock& clock,
                                                 Journal::Access access) {
  auto db = db::PgDb::connect(url, "journal");
  if (!db) {
    // The journal's location is the operator's input, as a file path is: a database that cannot be
    // reached or refuses the login is a usage error (exit 2), not an AWS endpoint's (exit 3).
    Error e = db.error();
    if (e.kind == ErrorKind::kNetwork || e.kind == ErrorKind::kCredentials) e.kind = ErrorKind::kInvalidArgument;
    return fail(e);
  }
  auto version = pg_journal_schema::current_version(**db);
  if (!version) return fail(version.error());
  if (*version > journal_schema::kVersion) {
    return fail(
        Error::invalid_argument(fmt::format("journal {} has schema version {}, newer than this rolecall "
                                            "understands ({})",
                                            (*db)->location(), *version, journal_schema::kVersion)));
  }
  // Reading changes nothing: an older journal is read with '' for the columns it lacks.
  if (access == Journal::Access::kWrite && *version < journal_schema::kVersion) {
    if (auto r = pg_journal_schema::migrate(**db, journal_schema::kVersion); !r) return fail(r.error());
    version = journal_schema::kVersion;
  }
  return std::unique_ptr<Journal>(new PgJournal(std::move(*db), *version, clock));
}

}  // namespace rolecall::remediate
