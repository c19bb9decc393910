#pragma once
// One libpq connection to a PostgreSQL database holding a rolecall store or journal. Every value
// reaches the server as a statement parameter (never spliced into SQL text); results are copied out
// as values; errors name the database by its URL without the password.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

struct pg_conn;
struct pg_result;

namespace rolecall::db {

// Statement parameters in text form, $1 first; nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

// The rows of one statement's result, in text form.
class PgRows {
 public:
  explicit PgRows(pg_result* result) : result_(result) {}
  PgRows(PgRows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;
  PgRows& operator=(PgRows&&) = delete;
  ~PgRows();

  // How many rows.
  int size() const;
  // Column `col` of row `row` as text ("" for NULL), as an optional (nullopt for NULL), as an
  // integer, as a boolean ("t").
  std::string text(int row, int col) const;
  std::optional<std::string> optional_text(int row, int col) const;
  std::int64_t integer(int row, int col) const;
  bool boolean(int row, int col) const;

 private:
  pg_result* result_;
};

// An open connection.
class PgDb {
 public:
  // Connects to `url` (a libpq connection URI: postgresql:// or postgres://, "?host=/socket/dir"
  // included). kInvalidArgument for a URL libpq cannot parse, kNetwork when the server cannot be
  // reached or refuses the login, kCredentials when it wants a password none was given for; each
  // names the URL without its password, after `noun` ("store", "journal"), as every later error does.
  static Result<std::unique_ptr<PgDb>> connect(const std::string& url, std::string_view noun);
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;
  ~PgDb();

  // Runs `sql` (one or more statements without parameters: schema changes, locks).
  Result<void> exec(std::string_view sql);
  // Runs one statement with `params`.
  Result<PgRows> query(const std::string& sql, const PgParams& params = {});
  // Prepares `sql` under `name` on this connection, for run_prepared.
  Result<void> prepare(const std::string& name, const std::string& sql);
  // Runs the statement prepared as `name` with `params`.
  Result<PgRows> run_prepared(const std::string& name, const PgParams& params);
  // Sends the statement prepared as `name` (one without rows) without waiting for its answer
  // (libpq's pipeline mode): a scan's thousands of writes cost a round trip per batch, not each.
  // Answers are read in batches; an error surfaces from a later send, query or commit.
  Result<void> send_prepared(const std::string& name, const PgParams& params);
  // BEGIN, COMMIT, and ROLLBACK ignoring failure (nothing was committed).
  Result<void> begin();
  Result<void> commit();
  void rollback();
  // The database's URL without its password, for messages.
  const std::string& location() const { return location_; }

 private:
  PgDb(pg_conn* conn, std::string location, std::string label)
      : conn_(conn), location_(std::move(location)), label_(std::move(label)) {}
  // The rows of `result` (owned from here), or the error it reports while `what`.
  Result<PgRows> take(pg_result* result, std::string_view what);
  // Reads the answers of every statement sent, leaving pipeline mode; the first error among them.
  Result<void> drain();

  pg_conn* conn_;
  std::string location_;
  std::string label_;  // "<noun> <location>", what errors begin with
  int unread_ = -1;    // statements sent whose answers are not read yet; -1: not in pipeline mode
};

// True when `url` names a PostgreSQL database (postgresql:// or postgres://).
inline bool is_pg_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// `url` without a password: the userinfo's ":password" and any "password=" parameter are dropped.
std::string redact_pg_url(std::string_view url);

// An integer as a statement parameter.
inline std::optional<std::string> pg_param(std::int64_t value) { return std::to_string(value); }

}  // namespace rolecall::db
