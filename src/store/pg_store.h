#pragma once
// The PostgreSQL backend of FindingStore: one database a team shares (docs/store.md).

#include <memory>
#include <string>

#include "store/store.h"

namespace rolecall::store {

// Connects to the database `url` names (postgresql:// or postgres://, libpq's connection URI) and
// migrates it to the current schema. kInvalidArgument naming the URL (never its password) for a
// database that is not a rolecall store or is newer; kNetwork when the server cannot be reached.
Result<std::unique_ptr<FindingStore>> open_pg_store(const std::string& url);

}  // namespace rolecall::store
