#pragma once
// The backends every behaviour of the store and the journal is proven on: an SQLite file and a
// PostgreSQL database on the test server (pg_server.h).

#include <gtest/gtest.h>

#include <string>

#include "rolecall/error.h"
#include "support/pg_server.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

// The backends, as test parameters.
inline const auto kDbBackends = ::testing::Values(std::string("sqlite"), std::string("postgresql"));

// The parameter as the test name's suffix.
inline std::string db_backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// The location of a fresh, empty store or journal of `backend`: file `file` under `dir`'s state/
// (created on open), or the URL of a new database on the test server.
inline Result<std::string> fresh_db_location(const std::string& backend, const TempDir& dir, const std::string& file) {
  if (backend == "sqlite") return dir.string() + "/state/" + file;
  auto server = PgServer::shared();
  if (!server) return fail(server.error());
  return (*server)->create_database();
}

}  // namespace rolecall::testing
