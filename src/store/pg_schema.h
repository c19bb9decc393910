#pragma once
// The PostgreSQL store's schema as an ordered list of migrations with the same version numbers and
// meaning as the SQLite store's (src/store/sqlite_schema.h): migration i takes a database from
// version i to i+1, and the `rolecall_schema_version` table holds the version it is at.

#include <cstdint>
#include <span>

#include "db/pg_db.h"
#include "rolecall/error.h"

namespace rolecall::store::pg_schema {

// The advisory lock migrations hold (per database), so two processes migrating at once are safe.
inline constexpr std::int64_t kMigrationLock = 0x5243'5354'4d49'4752;  // "RCSTMIGR"
// The advisory lock a scan's recording holds, so concurrent writers land one after the other.
inline constexpr std::int64_t kRecordLock = 0x5243'5354'5245'4344;  // "RCSTRECD"

// The migrations in order; the current version is their count.
std::span<const char* const> migrations();

// Brings `db` to the current version in one transaction holding kMigrationLock, reading the
// version under the lock. kInvalidArgument naming the database for one that is not a rolecall store
// (tables in its schema but no rolecall_schema_version) or is newer than this rolecall understands.
Result<void> migrate(db::PgDb& db);

}  // namespace rolecall::store::pg_schema
