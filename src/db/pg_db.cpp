#include "db/pg_db.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace rolecall::db {
namespace {

// How many statements are sent before their answers are read: few enough that the answers (a few
// dozen bytes each) fit the socket's buffers, so neither side blocks writing.
constexpr int kPgPipelineBatch = 512;

// How long connecting may take unless the URL says otherwise (libpq's default is forever).
constexpr const char* kPgConnectTimeoutSeconds = "10";

// libpq's message without its trailing newline, on one line.
std::string pg_one_line(const char* message) {
  std::string out = message != nullptr ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (auto& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

// `message` with every copy of `url` (libpq quotes the URL it cannot parse) shown as `location`.
std::string pg_without_url(std::string message, const std::string& url, const std::string& location) {
  for (auto at = message.find(url); !url.empty() && at != std::string::npos;
       at = message.find(url, at + location.size())) {
    message.replace(at, url.size(), location);
  }
  return message;
}

// The kind of error SQLSTATE `state` is (its class: the first two characters).
ErrorKind pg_error_kind(std::string_view state) {
  if (state == "42501") return ErrorKind::kAccessDenied;  // insufficient_privilege
  const auto cls = state.substr(0, std::min<std::size_t>(2, state.size()));
  if (cls == "28") return ErrorKind::kCredentials;  // invalid authorization
  if (cls == "08") return ErrorKind::kNetwork;      // connection exception
  return ErrorKind::kIo;
}

// Notices ("relation already exists, skipping") are not rolecall's output.
void pg_ignore_notice(void*, const char*) {}

// The parameters' C strings for libpq (null for NULL).
std::vector<const char*> pg_param_values(const PgParams& params) {
  std::vector<const char*> out;
  out.reserve(params.size());
  for (const auto& p : params) out.push_back(p ? p->c_str() : nullptr);
  return out;
}

}  // namespace

std::string redact_pg_url(std::string_view url) {
  std::string out(url);
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto end = out.find_first_of("/?", start);
    const auto authority_end = end == std::string::npos ? out.size() : end;
    const auto at = out.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
    if (at != std::string::npos && at >= start) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // "password=..." among the parameters (after '?', separated by '&').
  const auto query = out.find('?');
  if (query == std::string::npos) return out;
  std::string kept;
  std::string_view rest = std::string_view(out).substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto param = rest.substr(0, amp);
    if (!param.starts_with("password=")) {
      if (!kept.empty()) kept += '&';
      kept += param;
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  out.resize(query);
  if (!kept.empty()) out += "?" + kept;
  return out;
}

PgRows::~PgRows() { PQclear(result_); }
int PgRows::size() const { return PQntuples(result_); }

std::string PgRows::text(int row, int col) const {
  if (PQgetisnull(result_, row, col)) return {};
  return {PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col))};
}

std::optional<std::string> PgRows::optional_text(int row, int col) const {
  if (PQgetisnull(result_, row, col)) return std::nullopt;
  return text(row, col);
}

std::int64_t PgRows::integer(int row, int col) const {
  const std::string value = text(row, col);
  std::int64_t out = 0;
  std::from_chars(value.data(), value.data() + value.size(), out);
  return out;
}

bool PgRows::boolean(int row, int col) const { return text(row, col) == "t"; }

Result<std::unique_ptr<PgDb>> PgDb::connect(const std::string& url, std::string_view noun) {
  const std::string location = redact_pg_url(url);
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    const std::string why = pg_without_url(pg_one_line(parse_error), url, location);
    PQfreemem(parse_error);
    return fail(
        Error::invalid_argument(fmt::format("{} {}: not a PostgreSQL connection URL ({})", noun, location, why)));
  }
  PQconninfoFree(options);
  // The URL is expanded in place of "dbname"; what it sets itself overrides the defaults before it.
  const char* const keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {kPgConnectTimeoutSeconds, "rolecall", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return fail(Error::io(fmt::format("{} {}: out of memory connecting", noun, location)));
  std::unique_ptr<PgDb> db(new PgDb(conn, location, fmt::format("{} {}", noun, location)));
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = pg_without_url(pg_one_line(PQerrorMessage(conn)), url, location);
    // A failed connection carries no SQLSTATE: only "the server wants a password and none was
    // given" is known to be about credentials; a refused one reads so in the message.
    return fail(Error::of(PQconnectionNeedsPassword(conn) ? ErrorKind::kCredentials : ErrorKind::kNetwork,
                          fmt::format("{} {}: cannot connect: {}", noun, location, why)));
  }
  PQsetNoticeProcessor(conn, pg_ignore_notice, nullptr);
  return db;
}

PgDb::~PgDb() { PQfinish(conn_); }

Result<PgRows> PgDb::take(pg_result* result, std::string_view what) {
  PgRows rows(result);
  const auto status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string why = pg_one_line(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  ErrorKind kind = state != nullptr ? pg_error_kind(state) : ErrorKind::kIo;
  if (PQstatus(conn_) != CONNECTION_OK) kind = ErrorKind::kNetwork;
  return fail(Error::of(kind, fmt::format("{}: {}: {}", label_, what, why.empty() ? "no answer" : why)));
}

Result<void> PgDb::drain() {
  if (unread_ < 0) return {};
  std::optional<Error> first;
  if (PQpipelineSync(conn_) != 1)
    first = Error::of(ErrorKind::kNetwork, fmt::format("{}: {}", label_, pg_one_line(PQerrorMessage(conn_))));
  // Each statement's answer, each followed by a null; the sync's answer ends the batch.
  for (bool synced = first.has_value(); !synced;) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      if (PQstatus(conn_) != CONNECTION_OK) break;
      continue;
    }
    const auto status = PQresultStatus(result);
    if (status == PGRES_PIPELINE_SYNC) {
      synced = true;
      PQclear(result);
    } else if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_PIPELINE_ABORTED) {
      PQclear(result);  // aborted: a statement after the failed one, skipped by the server
    } else if (auto r = take(result, "writing"); !r && !first) {
      first = r.error();
    }
  }
  unread_ = -1;
  PQexitPipelineMode(conn_);
  if (PQstatus(conn_) != CONNECTION_OK && !first) {
    first = Error::of(ErrorKind::kNetwork,
                      fmt::format("{}: connection lost: {}", label_, pg_one_line(PQerrorMessage(conn_))));
  }
  if (first) return fail(*first);
  return {};
}

Result<void> PgDb::send_prepared(const std::string& name, const PgParams& params) {
  if (unread_ < 0) {
    if (PQenterPipelineMode(conn_) != 1) {
      return fail(
          Error::io(fmt::format("{}: cannot send in a pipeline: {}", label_, pg_one_line(PQerrorMessage(conn_)))));
    }
    unread_ = 0;
  }
  const auto values = pg_param_values(params);
  if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0) !=
      1) {
    const std::string why = pg_one_line(PQerrorMessage(conn_));
    (void)drain();
    return fail(Error::of(ErrorKind::kNetwork, fmt::format("{}: sending a statement: {}", label_, why)));
  }
  if (++unread_ >= kPgPipelineBatch) return drain();
  return {};
}

Result<void> PgDb::exec(std::string_view sql) {
  if (auto r = drain(); !r) return r;
  auto r = take(PQexec(conn_, std::string(sql).c_str()), "running a statement");
  if (!r) return fail(r.error());
  return {};
}

Result<PgRows> PgDb::query(const std::string& sql, const PgParams& params) {
  if (auto r = drain(); !r) return fail(r.error());
  const auto values = pg_param_values(params);
  return take(
      PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
      "running a statement");
}

Result<void> PgDb::prepare(const std::string& name, const std::string& sql) {
  if (auto r = drain(); !r) return r;
  auto r = take(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), "preparing a statement");
  if (!r) return fail(r.error());
  return {};
}

Result<PgRows> PgDb::run_prepared(const std::string& name, const PgParams& params) {
  if (auto r = drain(); !r) return fail(r.error());
  const auto values = pg_param_values(params);
  return take(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
              "running a statement");
}

Result<void> PgDb::begin() { return exec("BEGIN"); }
Result<void> PgDb::commit() { return exec("COMMIT"); }
void PgDb::rollback() {
  (void)drain();  // the failure being rolled back was reported already
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace rolecall::db
