#pragma once
// Applying a backend's ordered migrations (migration i takes a store or journal from version i to
// i+1), the same way for SQLite and PostgreSQL: inside the caller's transaction, after it read the
// version under its lock.

#include <span>
#include <string>

#include <fmt/format.h>

#include "rolecall/error.h"

namespace rolecall::db {

// Runs `migrations` from `version` on `db` (anything with exec(sql)); true when any ran. A database
// newer than the list is kInvalidArgument naming `where` ("store PATH", "journal URL").
template <class Db>
Result<bool> apply_migrations(Db& db, int version, std::span<const char* const> migrations, const std::string& where) {
  const int target = static_cast<int>(migrations.size());
  if (version > target) {
    return fail(Error::invalid_argument(
        fmt::format("{} has schema version {}, newer than this rolecall understands ({})", where, version, target)));
  }
  for (int v = version; v < target; ++v) {
    if (auto r = db.exec(migrations[static_cast<std::size_t>(v)]); !r) {
      return fail(r.error().with_context(fmt::format("migrating to schema version {}", v + 1)));
    }
  }
  return version < target;
}

}  // namespace rolecall::db
