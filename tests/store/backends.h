#pragma once
// The store backends every store behaviour is proven on: an SQLite file and a PostgreSQL database
// on the test server (pg_server.h).

#include <gtest/gtest.h>

#include <string>

#include "rolecall/error.h"
#include "store/pg_server.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

// The backends, as test parameters.
inline const auto kStoreBackends = ::testing::Values(std::string("sqlite"), std::string("postgresql"));

// The parameter as the test name's suffix.
inline std::string store_backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// The URL of a fresh, empty store of `backend`: file `file` under `dir`'s state/ (created on open),
// or a new database on the test server.
inline Result<std::string> fresh_store_url(const std::string& backend, const TempDir& dir,
                                           const std::string& file = "store.db") {
  if (backend == "sqlite") return dir.string() + "/state/" + file;
  auto server = PgServer::shared();
  if (!server) return fail(server.error());
  return (*server)->create_database();
}

}  // namespace rolecall::testing
