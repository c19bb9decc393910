#pragma once
// The journal's schema and its migrations. The version lives in PRAGMA user_version; a journal
// written by an older rolecall is brought up to date in place when opened, its rows kept.

#include <sqlite3.h>

#include "rolecall/error.h"

namespace rolecall::remediate::journal_schema {

// The schema version this rolecall writes.
inline constexpr int kVersion = 4;
// PRAGMA application_id of a rolecall journal: "ROLC".
inline constexpr int kApplicationId = 0x524f4c43;

// Creates the current schema (tables, index, application id, version) in an empty database.
// Call inside a transaction.
Result<void> create(sqlite3* db);

// Brings a journal at schema `version` (1 <= version < kVersion) up to kVersion. Call inside a
// write transaction; the error carries SQLite's message.
Result<void> migrate(sqlite3* db, int version);

}  // namespace rolecall::remediate::journal_schema
