#pragma once
// One write transaction on either backend's connection (SqliteDb, PgDb): begin, the body, commit;
// rolled back when the body or the commit fails, so nothing half-written is ever kept.

#include <utility>

#include "rolecall/error.h"

namespace rolecall::db {

// Runs `body` (returning a Result) inside a transaction on `db`; its result, or the error of
// beginning or committing.
template <class Db, class Body>
auto in_transaction(Db& db, Body&& body) -> decltype(body()) {
  if (auto r = db.begin(); !r) return fail(r.error());
  auto out = std::forward<Body>(body)();
  if (!out) {
    db.rollback();
    return out;
  }
  if (auto r = db.commit(); !r) {
    db.rollback();
    return fail(r.error());
  }
  return out;
}

}  // namespace rolecall::db
