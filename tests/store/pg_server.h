#pragma once
// A real PostgreSQL server for the store's tests: a fresh private copy of a data directory initdb
// made once (kept under the temporary directory, per user and PostgreSQL build), `postgres`
// listening only on a Unix socket there (no TCP), fsync off; one per test process, started on first
// use and stopped at exit (and killed with the process if it dies). As root, the server runs as the
// `postgres` user (initdb refuses root). Tests fail, never skip, when it cannot start.

#include <memory>
#include <string>

#include "rolecall/error.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

class PgServer {
 public:
  // The process's server, started on first call; an error (kIo) says why it could not start.
  static Result<PgServer*> shared();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;
  ~PgServer();

  // A new, empty database; returns its URL (postgresql://rolecall@/NAME?host=SOCKET_DIR).
  Result<std::string> create_database();
  // The URL of database `name`.
  std::string url(const std::string& name) const;
  // The directory holding the server's socket.
  std::string socket_dir() const { return (dir_ / "sock").string(); }

 private:
  PgServer() = default;
  Result<void> start();

  TempDir dir_{"rolecall-pg"};
  int pid_ = -1;
  int databases_ = 0;
};

// Runs `sql` (no parameters) on the database at `url`; an error says what failed.
Result<void> pg_exec(const std::string& url, const std::string& sql);

}  // namespace rolecall::testing
