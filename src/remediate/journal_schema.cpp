// Schema creation and the migrations from each older version, applied in order.
#include "remediate/journal_schema.h"

#include <string>

#include <fmt/format.h>

#include "remediate/step_reason.h"

namespace rolecall::remediate::journal_schema {
namespace {

// Version 5: who claimed each run last (Journal::claim_run); whether the claim is live is the lock's.
constexpr const char* kClaimsTable = R"sql(
CREATE TABLE claims (
  run_id     TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  claimed_at TEXT NOT NULL
);
)sql";

constexpr const char* kTables = R"sql(
CREATE TABLE runs (
  run_id        TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  parent_run_id TEXT NOT NULL DEFAULT '',
  plan_json     TEXT NOT NULL DEFAULT '',
  plan_source   TEXT NOT NULL DEFAULT '',
  caller        TEXT NOT NULL DEFAULT '',
  dry_run       INTEGER NOT NULL DEFAULT 0,
  started_at    TEXT NOT NULL,
  finished_at   TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  plan_digest   TEXT NOT NULL DEFAULT '',
  ticket        TEXT NOT NULL DEFAULT '',
  approved_by   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE steps (
  run_id                TEXT NOT NULL REFERENCES runs(run_id),
  seq                   INTEGER NOT NULL,
  instance_id           TEXT NOT NULL,
  account_id            TEXT NOT NULL DEFAULT '',
  region                TEXT NOT NULL DEFAULT '',
  operation             TEXT NOT NULL,
  before_profile_arn    TEXT NOT NULL DEFAULT '',
  before_association_id TEXT NOT NULL DEFAULT '',
  target_profile_arn    TEXT NOT NULL DEFAULT '',
  status                TEXT NOT NULL,
  result_association_id TEXT NOT NULL DEFAULT '',
  error                 TEXT NOT NULL DEFAULT '',
  request_id            TEXT NOT NULL DEFAULT '',
  intent_at             TEXT NOT NULL,
  outcome_at            TEXT NOT NULL DEFAULT '',
  reason                TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX steps_instance ON steps(run_id, instance_id);
)sql";

// The first two are exactly how version 1 decided a rollback was partial (exit 4).
constexpr V1Wording kV1Wordings[] = {
    {StepReason::kChangedElsewhere, "skipped", "changed by someone else", true},
    {StepReason::kProfileDeleted, "skipped", "cannot restore:", false},
    {StepReason::kPlannedSkip, "skipped", "planned skip: ", false},
    {StepReason::kBlocked, "skipped", "blocked: ", false},
    {StepReason::kDryRun, "skipped", "dry run: ", false},
    {StepReason::kInstanceNotFound, "skipped", "refresh: instance not found", false},
    {StepReason::kInstanceNotFound, "skipped", "instance not found (terminated?)", false},
    {StepReason::kAlreadyOnTarget, "skipped", "refresh: already on the target profile", false},
    {StepReason::kAlreadyRestored, "skipped", "already as before the run (", false},
    {StepReason::kNotRunning, "skipped", "not restarted: not running (", false},
    {StepReason::kRestartRefused, "skipped", "not restarted: ", false},
    {StepReason::kProfileNotCreated, "failed", "instance profile not created: ", false},
    {StepReason::kInterrupted, "failed", "interrupted; done again on resume", false},
};

Result<void> exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return fail(Error::io(text));
  }
  return {};
}

// Version 1 -> 2: steps.reason, derived from the error text version 1 wrote.
Result<void> add_step_reason(sqlite3* db) {
  if (auto r = exec(db, "ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT ''"); !r) return r;
  for (const auto& w : v1_wordings()) {
    const char* match = w.anywhere ? "instr(error, ?3) > 0" : "substr(error, 1, length(?3)) = ?3";
    std::string sql = fmt::format("UPDATE steps SET reason = ?1 WHERE reason = '' AND status = ?2 AND {}", match);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      sqlite3_finalize(s);
      return fail(Error::io(sqlite3_errmsg(db)));
    }
    sqlite3_bind_text(s, 1, to_string(w.reason), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, w.status, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, w.text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return fail(Error::io(sqlite3_errmsg(db)));
  }
  return {};
}

}  // namespace

std::span<const V1Wording> v1_wordings() { return kV1Wordings; }

Result<void> create(sqlite3* db) {
  return exec(db, std::string(kTables) + kClaimsTable +
                      fmt::format("PRAGMA application_id={}; PRAGMA user_version={};", kApplicationId, kVersion));
}

Result<void> migrate(sqlite3* db, int version) {
  if (version < 1 || version >= kVersion) {
    return fail(Error::internal(fmt::format("no migration from schema version {} to {}", version, kVersion)));
  }
  if (version == 1) {
    if (auto r = add_step_reason(db); !r) return r;
  }
  if (version <= 2) {
    // Version 2 -> 3: runs.plan_digest; older runs keep '' (their plans carried no digest).
    if (auto r = exec(db, "ALTER TABLE runs ADD COLUMN plan_digest TEXT NOT NULL DEFAULT ''"); !r) return r;
  }
  if (version <= 3) {
    // Version 3 -> 4: runs.ticket and runs.approved_by; older runs keep '' (nothing was recorded).
    if (auto r = exec(db,
                      "ALTER TABLE runs ADD COLUMN ticket TEXT NOT NULL DEFAULT '';"
                      "ALTER TABLE runs ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''");
        !r)
      return r;
  }
  if (version <= 4) {
    // Version 4 -> 5: the claims table; no run of an older journal is claimed.
    if (auto r = exec(db, kClaimsTable); !r) return r;
  }
  return exec(db, fmt::format("PRAGMA user_version={};", kVersion));
}

}  // namespace rolecall::remediate::journal_schema
