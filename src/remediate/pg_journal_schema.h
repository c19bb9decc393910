#pragma once
// The journal's schema on PostgreSQL: its own schema `rolecall_journal` in the database (so a store
// may share the database and its schema), tables runs and steps as on SQLite, and the same version
// numbers (journal_schema.h) reached by the same ordered migrations; the version lives in
// rolecall_journal.schema_version.

#include <cstdint>

#include "db/pg_db.h"
#include "rolecall/error.h"

namespace rolecall::remediate::pg_journal_schema {

// The advisory lock migrations hold (per database), so processes opening a new or older journal
// at once create or upgrade it exactly once.
inline constexpr std::int64_t kMigrationLock = 0x5243'4a4e'4d49'4752;  // "RCJNMIGR"

// The version of the journal in `db`: 0 when the database holds none yet. kInvalidArgument naming
// the database when schema rolecall_journal holds tables but no schema_version (not a journal).
Result<int> current_version(db::PgDb& db);

// Brings the journal in `db` to version `target` (journal_schema::kVersion unless a test builds an
// older journal) in one transaction holding kMigrationLock, reading the version under the lock;
// a journal newer than `target` is kInvalidArgument naming the database.
Result<void> migrate(db::PgDb& db, int target);

}  // namespace rolecall::remediate::pg_journal_schema
