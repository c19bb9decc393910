#include "store/pg_schema.h"

#include <fmt/format.h>

#include "db/migrations.h"
#include "db/transaction.h"

namespace rolecall::store::pg_schema {

using db::apply_migrations;
using db::in_transaction;
using db::pg_param;
using db::PgDb;
namespace {

// Statuses and severities are stored as the names rolecall prints ("FAIL", "high"); times as the
// ISO 8601 UTC text the SQLite store keeps, so both order and compare them alike.
constexpr const char* kPgMigrations[] = {
    // 1: scans, the parts of the scope each covered, every finding's state, and each scan's
    // non-PASS verdicts.
    R"sql(
CREATE TABLE rolecall_schema_version (version INTEGER NOT NULL);
INSERT INTO rolecall_schema_version VALUES (0);
CREATE TABLE scans (
  id BIGSERIAL PRIMARY KEY,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, caller TEXT NOT NULL, checks TEXT NOT NULL,
  pass BIGINT NOT NULL, fail BIGINT NOT NULL, error BIGINT NOT NULL, muted BIGINT NOT NULL,
  complete BOOLEAN NOT NULL);
CREATE TABLE scan_scope (
  scan_id BIGINT NOT NULL REFERENCES scans(id), account_id TEXT NOT NULL, region TEXT NOT NULL,
  complete BOOLEAN NOT NULL, PRIMARY KEY (scan_id, account_id, region));
CREATE TABLE findings (
  id BIGSERIAL PRIMARY KEY,
  account_id TEXT NOT NULL, region TEXT NOT NULL, resource_id TEXT NOT NULL, check_id TEXT NOT NULL,
  resource_type TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
  evidence TEXT NOT NULL, first_seen TEXT, last_seen TEXT NOT NULL, resolved_at TEXT,
  regressed BOOLEAN NOT NULL DEFAULT false, open BOOLEAN NOT NULL DEFAULT false,
  UNIQUE (account_id, region, resource_id, check_id));
CREATE TABLE verdicts (
  scan_id BIGINT NOT NULL REFERENCES scans(id), finding_id BIGINT NOT NULL REFERENCES findings(id),
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

// The version `db` is at: 0 for a database whose schema holds no tables yet.
Result<int> pg_current_version(PgDb& db) {
  auto tables = db.query(
      "SELECT count(*), count(*) FILTER (WHERE tablename = 'rolecall_schema_version') FROM pg_tables "
      "WHERE schemaname = current_schema()");
  if (!tables) return fail(tables.error());
  if (tables->integer(0, 1) == 0) {
    if (tables->integer(0, 0) == 0) return 0;
    return fail(Error::invalid_argument(fmt::format(
        "store {} is not a rolecall store (its tables have no rolecall_schema_version); refusing to touch it",
        db.location())));
  }
  auto version = db.query("SELECT version FROM rolecall_schema_version");
  if (!version) return fail(version.error());
  if (version->size() != 1) {
    return fail(
        Error::invalid_argument(fmt::format("store {}: rolecall_schema_version is not one row", db.location())));
  }
  return static_cast<int>(version->integer(0, 0));
}

}  // namespace

std::span<const char* const> migrations() { return kPgMigrations; }

Result<void> migrate(PgDb& db) {
  return in_transaction(db, [&]() -> Result<void> {
    if (auto r = db.query("SELECT pg_advisory_xact_lock($1)", {pg_param(kMigrationLock)}); !r) return fail(r.error());
    auto version = pg_current_version(db);
    if (!version) return fail(version.error());
    auto ran = apply_migrations(db, *version, migrations(), "store " + db.location());
    if (!ran) return fail(ran.error());
    if (*ran) {
      const auto target = static_cast<std::int64_t>(migrations().size());
      if (auto r = db.query("UPDATE rolecall_schema_version SET version = $1", {pg_param(target)}); !r) {
        return fail(r.error());
      }
    }
    return {};
  });
}

}  // namespace rolecall::store::pg_schema
