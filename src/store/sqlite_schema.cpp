#include "store/sqlite_schema.h"

#include <fmt/format.h>

#include "db/migrations.h"
#include "db/transaction.h"

namespace rolecall::store::sqlite_schema {

using db::apply_migrations;
using db::in_transaction;
namespace {

// Statuses and severities are stored as the names rolecall prints ("FAIL", "high").
constexpr const char* kMigrations[] = {
    // 1: scans, the parts of the scope each covered, every finding's state, and each scan's
    // non-PASS verdicts.
    R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (0);
CREATE TABLE scans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, caller TEXT NOT NULL, checks TEXT NOT NULL,
  pass INTEGER NOT NULL, fail INTEGER NOT NULL, error INTEGER NOT NULL, muted INTEGER NOT NULL,
  complete INTEGER NOT NULL);
CREATE TABLE scan_scope (
  scan_id INTEGER NOT NULL REFERENCES scans(id), account_id TEXT NOT NULL, region TEXT NOT NULL,
  complete INTEGER NOT NULL, PRIMARY KEY (scan_id, account_id, region));
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL, region TEXT NOT NULL, resource_id TEXT NOT NULL, check_id TEXT NOT NULL,
  resource_type TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
  evidence TEXT NOT NULL, first_seen TEXT, last_seen TEXT NOT NULL, resolved_at TEXT,
  regressed INTEGER NOT NULL DEFAULT 0, open INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, resource_id, check_id));
CREATE TABLE verdicts (
  scan_id INTEGER NOT NULL REFERENCES scans(id), finding_id INTEGER NOT NULL REFERENCES findings(id),
  status TEXT NOT NULL, PRIMARY KEY (scan_id, finding_id));
)sql",
    // 2: when the current failing period began (time to fix counts from there, not from the first
    // failure of a regressed finding), and the indexes resolving and diffing use.
    R"sql(
ALTER TABLE findings ADD COLUMN opened_at TEXT;
UPDATE findings SET opened_at = first_seen;
CREATE INDEX findings_open ON findings (open, account_id, region);
CREATE INDEX verdicts_by_finding ON verdicts (finding_id, status);
)sql",
};

// The version `db` is at: 0 for a new, empty file.
Result<int> current_version(SqliteDb& db) {
  auto has = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'");
  if (!has) return fail(has.error());
  if (auto row = has->step(); !row) return fail(row.error());
  if (has->integer(0) == 0) return 0;
  auto version = db.prepare("SELECT version FROM schema_version");
  if (!version) return fail(version.error());
  auto row = version->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(Error::invalid_argument(fmt::format("store {}: schema_version is empty", db.path())));
  return static_cast<int>(version->integer(0));
}

}  // namespace

std::span<const char* const> migrations() { return kMigrations; }

Result<void> migrate(SqliteDb& db) {
  return in_transaction(db, [&]() -> Result<void> {
    auto version = current_version(db);
    if (!version) return fail(version.error());
    if (*version == 0) {
      if (auto r = db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId)); !r) return r;
    }
    auto ran = apply_migrations(db, *version, migrations(), "store " + db.path());
    if (!ran) return fail(ran.error());
    if (*ran) {
      if (auto r = db.exec(fmt::format("UPDATE schema_version SET version = {}", migrations().size())); !r) return r;
    }
    return {};
  });
}

}  // namespace rolecall::store::sqlite_schema
