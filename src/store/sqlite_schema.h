#pragma once
// The SQLite store's schema as an ordered list of migrations: migration i takes a store from
// version i to i+1, and the `schema_version` table holds the version a file is at.

#include <span>

#include "rolecall/error.h"
#include "store/sqlite_db.h"

namespace rolecall::store::sqlite_schema {

// PRAGMA application_id of a rolecall store ("RCST"), distinct from the journal's.
inline constexpr int kApplicationId = 0x52435354;

// The migrations in order; the current version is their count.
std::span<const char* const> migrations();

// Brings `db` to the current version in one write transaction, re-reading the version under the
// lock (another process may have migrated it meanwhile). kInvalidArgument for a store newer than
// this rolecall understands, naming its path.
Result<void> migrate(SqliteDb& db);

}  // namespace rolecall::store::sqlite_schema
