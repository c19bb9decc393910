// Opening stores: URL forms, the default path, migrations from an older schema, concurrent writers,
// and files that are not rolecall stores (a clear error naming the path, the file untouched).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "base/env.h"
#include "store/fixture.h"
#include "store/sqlite_schema.h"
#include "store/store.h"
#include "support/db_backends.h"
#include "support/fake_env.h"
#include "support/temp_dir.h"

namespace rolecall::store {
namespace {

using testing::scan_at;
using testing::verdict;

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Runs `sql` on a raw connection to `path`.
void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

TEST(StorePath, DefaultFollowsXdgStateHomeThenHome) {
  testing::FakeEnv env;
  env.set("HOME", "/home/ann");
  EXPECT_EQ(default_store_path(env), "/home/ann/.local/state/rolecall/store.db");
  env.set("XDG_STATE_HOME", "/state");
  EXPECT_EQ(default_store_path(env), "/state/rolecall/store.db");
}

TEST(StoreOpen, UrlForms) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  auto plain = open_store(dir.string() + "/a.db", env);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ((*plain)->location(), dir.string() + "/a.db");
  auto url = open_store("sqlite://" + dir.string() + "/sub/b.db", env);
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ((*url)->location(), dir.string() + "/sub/b.db");

  auto other = open_store("mysql://ann:hunter2@x/db", env);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(other.error().message.find("mysql://ann@x/db"), std::string::npos) << other.error().message;
  EXPECT_EQ(other.error().message.find("hunter2"), std::string::npos) << other.error().message;
  auto directory = open_store(dir.string(), env);
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().message.find(dir.string()), std::string::npos);
}

TEST(StoreOpen, TheDefaultStoreIsCreatedUnderXdgStateHome) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env(std::map<std::string, std::string>{{"XDG_STATE_HOME", dir.string() + "/state"}});
  auto s = open_store("", env);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((*s)->location(), dir.string() + "/state/rolecall/store.db");
  ASSERT_TRUE((*s)->record_scan(scan_at(1, {verdict("i-1", Status::kFail)})));
  EXPECT_EQ(env.file_type(dir.string() + "/state/rolecall/store.db"), base::FileType::kFile);
}

TEST(StoreOpen, AFileThatIsNotAStoreIsRefusedAndLeftAlone) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  const std::string garbage = dir.string() + "/notes.txt";
  std::ofstream(garbage) << std::string(8192, 'x');
  auto g = open_store(garbage, env);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(g.error().message.find(garbage), std::string::npos) << g.error().message;
  EXPECT_EQ(contents(garbage), std::string(8192, 'x'));

  const std::string foreign = dir.string() + "/other.db";
  raw_exec(foreign, "PRAGMA application_id = 1234; CREATE TABLE t (x INTEGER);");
  auto f = open_store(foreign, env);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(f.error().message.find(foreign), std::string::npos);
  EXPECT_NE(f.error().message.find("not a rolecall store"), std::string::npos);

  // A store with its pages overwritten half-way: an error naming it, never a crash.
  const std::string corrupt = dir.string() + "/corrupt.db";
  {
    auto s = open_store(corrupt, env);
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->record_scan(scan_at(1, {verdict("i-1", Status::kFail)})));
  }
  raw_exec(corrupt, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
  {
    std::fstream file(corrupt, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    const std::string junk(4000, '\xa5');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto c = open_store(corrupt, env);
  if (c) {
    auto scans = (*c)->scans(0);
    ASSERT_FALSE(scans);
    EXPECT_NE(scans.error().message.find(corrupt), std::string::npos);
  } else {
    EXPECT_NE(c.error().message.find(corrupt), std::string::npos) << c.error().message;
  }
}

TEST(StoreOpen, AStoreFromANewerRolecallIsRefused) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  const std::string path = dir.string() + "/new.db";
  ASSERT_TRUE(open_store(path, env));
  raw_exec(path, "UPDATE schema_version SET version = 99");
  auto s = open_store(path, env);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(s.error().message.find("schema version 99"), std::string::npos);
  EXPECT_NE(s.error().message.find(path), std::string::npos);
}

TEST(StoreMigration, AVersionOneStoreIsMigratedKeepingItsFindings) {
  ASSERT_EQ(sqlite_schema::migrations().size(), 2u);
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  const std::string path = dir.string() + "/v1.db";
  // What rolecall wrote at schema version 1: a scan and an open finding, without opened_at.
  raw_exec(path, "PRAGMA application_id = " + std::to_string(sqlite_schema::kApplicationId) + ";" +
                     sqlite_schema::migrations()[0] +
                     "UPDATE schema_version SET version = 1;"
                     "INSERT INTO scans VALUES (1, '2026-11-01T10:00:00Z', '2026-11-01T10:01:00Z', 'old', "
                     "'instance-has-role,imdsv2-required', 0, 1, 0, 0, 1);"
                     "INSERT INTO scan_scope VALUES (1, '111111111111', 'us-east-1', 1);"
                     "INSERT INTO findings (id, account_id, region, resource_id, check_id, resource_type, status, "
                     "severity, message, evidence, first_seen, last_seen, open) VALUES (1, '111111111111', "
                     "'us-east-1', 'i-1', 'instance-has-role', 'instance', 'FAIL', 'high', 'no role', '{}', "
                     "'2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z', 1);"
                     "INSERT INTO verdicts VALUES (1, 1, 'FAIL');");
  auto s = open_store(path, env);
  ASSERT_TRUE(s) << s.error().message;
  auto all = (*s)->findings({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().opened_at, "2026-11-01T10:00:00Z");  // filled by migration 2
  EXPECT_TRUE(all->front().open);
  // It keeps working: the next scan resolves the old finding.
  ASSERT_TRUE((*s)->record_scan(scan_at(1, {verdict("i-1", Status::kPass)})));
  auto after = (*s)->findings({});
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->front().open);
  s->reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 2);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

class StoreConcurrency : public ::testing::TestWithParam<std::string> {};

TEST_P(StoreConcurrency, TwoConnectionsRecordScansAtOnce) {
  testing::TempDir dir("rolecall-store");
  base::SystemEnv env;
  auto url = testing::fresh_db_location(GetParam(), dir, "shared.db");
  ASSERT_TRUE(url) << url.error().message;
  constexpr int kScans = 15;
  std::vector<std::string> errors[2];
  std::vector<std::int64_t> ids[2];
  auto writer = [&](int w) {
    auto s = open_store(*url, env);  // each its own connection, opened concurrently (the schema too)
    if (!s) {
      errors[w].push_back(s.error().message);
      return;
    }
    for (int i = 0; i < kScans; ++i) {
      auto id = (*s)->record_scan(
          scan_at(1 + i, {verdict("i-" + std::to_string(w), i % 2 == 0 ? Status::kFail : Status::kPass)}));
      if (!id) errors[w].push_back(id.error().message);
      if (id) ids[w].push_back(*id);
    }
  };
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  EXPECT_TRUE(errors[0].empty()) << errors[0].front();
  EXPECT_TRUE(errors[1].empty()) << errors[1].front();
  // Both land, each writer's scans in the order it recorded them.
  EXPECT_TRUE(std::is_sorted(ids[0].begin(), ids[0].end()));
  EXPECT_TRUE(std::is_sorted(ids[1].begin(), ids[1].end()));
  auto s = open_store(*url, env);
  ASSERT_TRUE(s);
  auto scans = (*s)->scans(0);
  ASSERT_TRUE(scans);
  EXPECT_EQ(scans->size(), 2u * kScans);
  auto all = (*s)->findings({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  // The last scan of all failed its writer's instance and did not see the other's (gone from a
  // judged region): as if the scans had run one after the other.
  ASSERT_EQ(ids[0].size(), static_cast<std::size_t>(kScans));
  ASSERT_EQ(ids[1].size(), static_cast<std::size_t>(kScans));
  const int last = ids[0].back() > ids[1].back() ? 0 : 1;
  for (const auto& f : *all) {
    EXPECT_EQ(f.open, f.key.resource_id == "i-" + std::to_string(last)) << f.key.resource_id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConcurrency, testing::kDbBackends, testing::db_backend_name);

}  // namespace
}  // namespace rolecall::store
