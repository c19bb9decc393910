// The PostgreSQL backend's own cases on a real server (pg_server.h): URL forms and passwords kept
// out of messages, an unreachable server, databases that are not rolecall stores or are newer, and
// a database migrated from schema version 1.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "base/env.h"
#include "db/pg_db.h"
#include "store/fixture.h"
#include "store/pg_schema.h"
#include "store/store.h"
#include "support/pg_server.h"

namespace rolecall::store {
namespace {

using testing::scan_at;
using testing::verdict;

// The test server, or a failed test (never a skip).
testing::PgServer& pg_open_server() {
  auto s = testing::PgServer::shared();
  if (!s) throw std::runtime_error("the PostgreSQL test server could not start: " + s.error().message);
  return **s;
}

// The single integer `sql` answers on `url`.
std::int64_t pg_open_scalar(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::unique_ptr<PGconn, decltype(&PQfinish)> owner(conn, &PQfinish);
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* res = PQexec(conn, sql.c_str());
  std::unique_ptr<PGresult, decltype(&PQclear)> result(res, &PQclear);
  EXPECT_EQ(PQresultStatus(res), PGRES_TUPLES_OK) << PQresultErrorMessage(res);
  if (PQntuples(res) != 1) return -1;
  return std::stoll(PQgetvalue(res, 0, 0));
}

TEST(PgUrl, PasswordsAreDropped) {
  EXPECT_EQ(db::redact_pg_url("postgresql://ann:hunter2@db.example:5433/rolecall"),
            "postgresql://ann@db.example:5433/rolecall");
  EXPECT_EQ(db::redact_pg_url("postgres://ann@db/x?sslmode=require&password=hunter2&connect_timeout=5"),
            "postgres://ann@db/x?sslmode=require&connect_timeout=5");
  EXPECT_EQ(db::redact_pg_url("postgresql://ann:p%40ss@/x?host=/run/pg"), "postgresql://ann@/x?host=/run/pg");
  EXPECT_EQ(db::redact_pg_url("postgresql:///x?password=a"), "postgresql:///x");
  EXPECT_EQ(db::redact_pg_url("postgresql://db.example/x"), "postgresql://db.example/x");
}

TEST(PgStoreOpen, BothSchemesOpenTheSameStoreAndNeverShowThePassword) {
  auto& server = pg_open_server();
  auto url = server.create_database();
  ASSERT_TRUE(url) << url.error().message;
  base::SystemEnv env;
  // Trust authentication ignores the password; it must still never be shown.
  const auto from = url->find("@/") + 2;
  const std::string name = url->substr(from, url->find('?') - from);
  const std::string with_password =
      fmt::format("postgresql://rolecall:hunter2@/{}?host={}&password=hunter3", name, server.socket_dir());
  auto a = open_store(with_password, env);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ((*a)->location(), fmt::format("postgresql://rolecall@/{}?host={}", name, server.socket_dir()));
  ASSERT_TRUE((*a)->record_scan(scan_at(1, {verdict("i-1", Status::kFail)})));
  auto b = open_store(fmt::format("postgres://rolecall@/{}?host={}", name, server.socket_dir()), env);
  ASSERT_TRUE(b) << b.error().message;
  auto scans = (*b)->scans(0);
  ASSERT_TRUE(scans) << scans.error().message;
  EXPECT_EQ(scans->size(), 1u);
  EXPECT_EQ(pg_open_scalar(*url, "SELECT version FROM rolecall_schema_version"),
            static_cast<std::int64_t>(pg_schema::migrations().size()));
}

TEST(PgStoreOpen, AnUnreachableServerIsAClearErrorWithoutThePassword) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  const std::string url = "postgresql://ann:hunter2@/rolecall?host=" + dir.string() + "/no-server";
  auto s = open_store(url, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(s.error().message.find("postgresql://ann@/rolecall?host=" + dir.string() + "/no-server"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("cannot connect"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find("hunter2"), std::string::npos) << s.error().message;

  auto bad = open_store("postgresql://ann:hunter2@[::1/rolecall", env);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument) << bad.error().message;
  EXPECT_NE(bad.error().message.find("postgresql://ann@[::1/rolecall"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find("hunter2"), std::string::npos) << bad.error().message;
}

TEST(PgStoreOpen, ADatabaseThatIsNotAStoreIsRefusedAndLeftAlone) {
  auto url = pg_open_server().create_database();
  ASSERT_TRUE(url) << url.error().message;
  ASSERT_TRUE(testing::pg_exec(*url, "CREATE TABLE customers (id INTEGER); INSERT INTO customers VALUES (7)"));
  base::SystemEnv env;
  auto s = open_store(*url, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(s.error().message.find(*url), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("not a rolecall store"), std::string::npos) << s.error().message;
  EXPECT_EQ(pg_open_scalar(*url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 1);
  EXPECT_EQ(pg_open_scalar(*url, "SELECT id FROM customers"), 7);
}

TEST(PgStoreOpen, AStoreFromANewerRolecallIsRefused) {
  auto url = pg_open_server().create_database();
  ASSERT_TRUE(url) << url.error().message;
  base::SystemEnv env;
  ASSERT_TRUE(open_store(*url, env));
  ASSERT_TRUE(testing::pg_exec(*url, "UPDATE rolecall_schema_version SET version = 99"));
  auto s = open_store(*url, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(s.error().message.find("schema version 99"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(*url), std::string::npos) << s.error().message;
}

TEST(PgStoreOpen, TheDocumentedPermissionsSuffice) {
  auto& server = pg_open_server();
  auto url = server.create_database();
  ASSERT_TRUE(url) << url.error().message;
  base::SystemEnv env;
  {
    auto owner = open_store(*url, env);  // creates the schema
    ASSERT_TRUE(owner) << owner.error().message;
    ASSERT_TRUE((*owner)->record_scan(scan_at(1, {verdict("i-1", Status::kFail)})));
  }
  const auto from = url->find("@/") + 2;
  const std::string name = url->substr(from, url->find('?') - from);
  // docs/store.md: a recorder needs SELECT, INSERT, UPDATE on the tables and USAGE on the
  // sequences; a reader SELECT only.
  ASSERT_TRUE(
      testing::pg_exec(*url, fmt::format("CREATE ROLE {0}_writer LOGIN; CREATE ROLE {0}_reader LOGIN;"
                                         "GRANT SELECT, INSERT, UPDATE ON scans, scan_scope, findings, verdicts, "
                                         "rolecall_schema_version TO {0}_writer;"
                                         "GRANT USAGE ON SEQUENCE scans_id_seq, findings_id_seq TO {0}_writer;"
                                         "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {0}_reader;",
                                         name)));
  auto writer = open_store(fmt::format("postgresql://{}_writer@/{}?host={}", name, name, server.socket_dir()), env);
  ASSERT_TRUE(writer) << writer.error().message;
  auto second = (*writer)->record_scan(scan_at(2, {verdict("i-1", Status::kPass), verdict("i-2", Status::kFail)}));
  ASSERT_TRUE(second) << second.error().message;
  const std::string reader_url = fmt::format("postgresql://{}_reader@/{}?host={}", name, name, server.socket_dir());
  auto reader = open_store(reader_url, env);
  ASSERT_TRUE(reader) << reader.error().message;
  auto scans = (*reader)->scans(0);
  ASSERT_TRUE(scans) << scans.error().message;
  EXPECT_EQ(scans->size(), 2u);
  FindingQuery open_only;
  open_only.open_only = true;
  auto open = (*reader)->findings(open_only);
  ASSERT_TRUE(open) << open.error().message;
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().key.resource_id, "i-2");
  // Recording needs more than reading: refused as a permission, naming the store.
  auto denied = (*reader)->record_scan(scan_at(3, {}));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, ErrorKind::kAccessDenied) << denied.error().message;
  EXPECT_NE(denied.error().message.find(reader_url), std::string::npos) << denied.error().message;
  auto after = (*reader)->scans(0);
  ASSERT_TRUE(after) << after.error().message;  // the connection survives the refused transaction
  EXPECT_EQ(after->size(), 2u);
}

TEST(PgStoreMigration, AVersionOneStoreIsMigratedKeepingItsFindings) {
  ASSERT_EQ(pg_schema::migrations().size(), 2u);
  auto url = pg_open_server().create_database();
  ASSERT_TRUE(url) << url.error().message;
  // What rolecall wrote at schema version 1: a scan and an open finding, without opened_at.
  ASSERT_TRUE(testing::pg_exec(
      *url, std::string(pg_schema::migrations()[0]) +
                "UPDATE rolecall_schema_version SET version = 1;"
                "INSERT INTO scans (started_at, finished_at, caller, checks, pass, fail, error, muted, complete) "
                "VALUES ('2026-11-01T10:00:00Z', '2026-11-01T10:01:00Z', 'old', 'instance-has-role,imdsv2-required', "
                "0, 1, 0, 0, true);"
                "INSERT INTO scan_scope VALUES (1, '111111111111', 'us-east-1', true);"
                "INSERT INTO findings (account_id, region, resource_id, check_id, resource_type, status, severity, "
                "message, evidence, first_seen, last_seen, open) VALUES ('111111111111', 'us-east-1', 'i-1', "
                "'instance-has-role', 'instance', 'FAIL', 'high', 'no role', '{}', '2026-11-01T10:00:00Z', "
                "'2026-11-01T10:00:00Z', true);"
                "INSERT INTO verdicts VALUES (1, 1, 'FAIL');"));
  base::SystemEnv env;
  auto s = open_store(*url, env);
  ASSERT_TRUE(s) << s.error().message;
  auto all = (*s)->findings({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().opened_at, "2026-11-01T10:00:00Z");  // filled by migration 2
  EXPECT_TRUE(all->front().open);
  // It keeps working: the next scan resolves the old finding.
  auto next = (*s)->record_scan(scan_at(1, {verdict("i-1", Status::kPass)}));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(*next, 2);
  auto after = (*s)->findings({});
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->front().open);
  EXPECT_EQ(pg_open_scalar(*url, "SELECT version FROM rolecall_schema_version"), 2);
}

}  // namespace
}  // namespace rolecall::store
