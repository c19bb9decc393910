// The PostgreSQL journal's migrations: version i -> i+1 as journal_schema.cpp's, in PostgreSQL's
// dialect, every table qualified with the journal's own schema.
#include "remediate/pg_journal_schema.h"

#include <array>

#include <fmt/format.h>

#include "db/migrations.h"
#include "db/transaction.h"
#include "remediate/journal_schema.h"

namespace rolecall::remediate::pg_journal_schema {
namespace {

constexpr const char* kPgJournalMigrations[] = {
    // 1: runs and their steps.
    R"sql(
CREATE TABLE rolecall_journal.schema_version (version INTEGER NOT NULL);
INSERT INTO rolecall_journal.schema_version VALUES (0);
CREATE TABLE rolecall_journal.runs (
  run_id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent_run_id TEXT NOT NULL DEFAULT '',
  plan_json TEXT NOT NULL DEFAULT '', plan_source TEXT NOT NULL DEFAULT '', caller TEXT NOT NULL DEFAULT '',
  dry_run BOOLEAN NOT NULL DEFAULT false, started_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL);
CREATE TABLE rolecall_journal.steps (
  run_id TEXT NOT NULL REFERENCES rolecall_journal.runs(run_id), seq BIGINT NOT NULL,
  instance_id TEXT NOT NULL, account_id TEXT NOT NULL DEFAULT '', region TEXT NOT NULL DEFAULT '',
  operation TEXT NOT NULL, before_profile_arn TEXT NOT NULL DEFAULT '',
  before_association_id TEXT NOT NULL DEFAULT '', target_profile_arn TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL, result_association_id TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '', intent_at TEXT NOT NULL, outcome_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, seq));
CREATE INDEX steps_instance ON rolecall_journal.steps (run_id, instance_id);
)sql",
    // 2: steps.reason (filled from version 1's error text after this runs: fill_step_reasons).
    "ALTER TABLE rolecall_journal.steps ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    // 3: runs.plan_digest; older runs keep '' (their plans carried no digest).
    "ALTER TABLE rolecall_journal.runs ADD COLUMN plan_digest TEXT NOT NULL DEFAULT ''",
    // 4: runs.ticket and runs.approved_by; older runs keep '' (nothing was recorded).
    // One element over two lines: parenthesized, so clang does not read a missing comma.
    ("ALTER TABLE rolecall_journal.runs ADD COLUMN ticket TEXT NOT NULL DEFAULT '', "
     "ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''"),
    // 5: who claimed each run last (Journal::claim_run); whether the claim is live is the advisory lock's.
    ("CREATE TABLE rolecall_journal.claims (run_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, host TEXT NOT NULL, "
     "pid BIGINT NOT NULL, claimed_at TEXT NOT NULL)"),
};
static_assert(std::size(kPgJournalMigrations) == journal_schema::kVersion);

// Version 1 -> 2's data: steps.reason from the error text version 1 wrote, rule by rule.
Result<void> fill_step_reasons(db::PgDb& db) {
  for (const auto& w : journal_schema::v1_wordings()) {
    const char* match = w.anywhere ? "strpos(error, $3::text) > 0" : "left(error, length($3::text)) = $3::text";
    auto r = db.query(fmt::format("UPDATE rolecall_journal.steps SET reason = $1 WHERE reason = '' AND status = $2 "
                                  "AND {}",
                                  match),
                      {std::string(to_string(w.reason)), std::string(w.status), std::string(w.text)});
    if (!r) return fail(r.error());
  }
  return {};
}

}  // namespace

Result<int> current_version(db::PgDb& db) {
  auto tables = db.query(
      "SELECT count(*), count(*) FILTER (WHERE tablename = 'schema_version') FROM pg_tables "
      "WHERE schemaname = 'rolecall_journal'");
  if (!tables) return fail(tables.error());
  if (tables->integer(0, 1) == 0) {
    if (tables->integer(0, 0) == 0) return 0;
    return fail(Error::invalid_argument(
        fmt::format("journal {} is not a rolecall journal (schema rolecall_journal has tables but no schema_version); "
                    "refusing to touch it",
                    db.location())));
  }
  auto version = db.query("SELECT version FROM rolecall_journal.schema_version");
  if (!version) return fail(version.error());
  if (version->size() != 1) {
    return fail(Error::invalid_argument(
        fmt::format("journal {}: rolecall_journal.schema_version is not one row", db.location())));
  }
  return static_cast<int>(version->integer(0, 0));
}

Result<void> migrate(db::PgDb& db, int target) {
  return db::in_transaction(db, [&]() -> Result<void> {
    if (auto r = db.query("SELECT pg_advisory_xact_lock($1)", {db::pg_param(kMigrationLock)}); !r) {
      return fail(r.error());
    }
    // Created only when missing: CREATE SCHEMA needs the database's CREATE privilege even when the
    // schema exists, and an operator may have been granted the journal's tables and nothing more.
    auto schema = db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'rolecall_journal'");
    if (!schema) return fail(schema.error());
    if (schema->integer(0, 0) == 0) {
      if (auto r = db.exec("CREATE SCHEMA rolecall_journal"); !r) return r;
    }
    auto version = current_version(db);
    if (!version) return fail(version.error());
    const std::span<const char* const> wanted(kPgJournalMigrations, static_cast<std::size_t>(target));
    auto ran = db::apply_migrations(db, *version, wanted, "journal " + db.location());
    if (!ran) return fail(ran.error());
    if (!*ran) return {};
    if (*version < 2 && target >= 2) {
      if (auto r = fill_step_reasons(db); !r) return r;
    }
    auto r = db.query("UPDATE rolecall_journal.schema_version SET version = $1", {db::pg_param(target)});
    if (!r) return fail(r.error());
    return {};
  });
}

}  // namespace rolecall::remediate::pg_journal_schema
