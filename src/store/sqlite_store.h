#pragma once
// The SQLite backend of FindingStore: one file, shared by concurrent processes (docs/store.md).

#include <memory>
#include <string>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace rolecall::store {

// Opens (creating, or migrating to the current schema) the store at `path`; its directory must
// exist. kInvalidArgument naming the path for a file that is not a rolecall store or is newer.
Result<std::unique_ptr<FindingStore>> open_sqlite_store(const std::string& path);

}  // namespace rolecall::store
