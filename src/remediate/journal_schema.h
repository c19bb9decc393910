#pragma once
// The journal's schema and its migrations. The version lives in PRAGMA user_version; a journal
// written by an older rolecall is brought up to date in place when opened, its rows kept.

#include <sqlite3.h>

#include <span>

#include "remediate/step_reason.h"
#include "rolecall/error.h"

namespace rolecall::remediate::journal_schema {

// The schema version this rolecall writes.
inline constexpr int kVersion = 5;
// PRAGMA application_id of a rolecall journal: "ROLC".
inline constexpr int kApplicationId = 0x524f4c43;

// How version 1 worded a reason in a step's error text: both backends' 1 -> 2 migrations fill
// steps.reason from it (nothing else ever reads step text). Earlier rules win.
struct V1Wording {
  StepReason reason;
  const char* status;
  const char* text;
  bool anywhere;  // `text` anywhere in the error, else at its start
};

// The wordings, in the order they are tried.
std::span<const V1Wording> v1_wordings();

// Creates the current schema (tables, index, application id, version) in an empty database.
// Call inside a transaction.
Result<void> create(sqlite3* db);

// Brings a journal at schema `version` (1 <= version < kVersion) up to kVersion. Call inside a
// write transaction; the error carries SQLite's message.
Result<void> migrate(sqlite3* db, int version);

}  // namespace rolecall::remediate::journal_schema
