// The PostgreSQL journal's own cases on a real server (support/pg_server.h): what is not a journal,
// a newer or older schema, passwords kept out of every message, and a store sharing the database.
#include <gtest/gtest.h>

#include <string>

#include "db/pg_db.h"
#include "remediate/journal.h"
#include "remediate/journal_schema.h"
#include "remediate/pg_journal_schema.h"
#include "store/store.h"
#include "support/fake_clock.h"
#include "support/fake_env.h"
#include "support/pg_server.h"

namespace rolecall::remediate {
namespace {

class PgJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = rolecall::testing::PgServer::shared();
    ASSERT_TRUE(server) << server.error().describe();
    auto url = (*server)->create_database();
    ASSERT_TRUE(url) << url.error().describe();
    url_ = *url;
  }
  // The URL with a password in it (the test server trusts every local login, so it still works).
  std::string url_with_password() const { return "postgresql://rolecall:hunter2@" + url_.substr(url_.find('@') + 1); }
  // One number from `sql` on the test database.
  std::int64_t number(const std::string& sql) {
    auto db = db::PgDb::connect(url_, "journal");
    EXPECT_TRUE(db) << db.error().describe();
    if (!db) return -1;
    auto rows = (*db)->query(sql);
    EXPECT_TRUE(rows) << rows.error().describe();
    return rows && rows->size() == 1 ? rows->integer(0, 0) : -1;
  }
  void exec(const std::string& sql) {
    auto r = rolecall::testing::pg_exec(url_, sql);
    ASSERT_TRUE(r) << r.error().describe();
  }
  std::string url_;
  rolecall::testing::FakeClock clock_;
};

TEST_F(PgJournalTest, ASchemaOfOtherTablesIsNotAJournalAndIsLeftUntouched) {
  exec(
      "CREATE SCHEMA rolecall_journal; CREATE TABLE rolecall_journal.runs (x INTEGER); "
      "INSERT INTO rolecall_journal.runs VALUES (7)");
  for (auto access : {Journal::Access::kWrite, Journal::Access::kRead}) {
    auto j = Journal::open(url_, clock_, access);
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(j.error().message.find("journal " + url_ + " is not a rolecall journal"), std::string::npos)
        << j.error().message;
  }
  EXPECT_EQ(number("SELECT count(*) FROM rolecall_journal.runs WHERE x = 7"), 1);
  EXPECT_EQ(number("SELECT count(*) FROM pg_tables WHERE schemaname = 'rolecall_journal'"), 1);
}

TEST_F(PgJournalTest, ANewerSchemaIsRefusedNamingTheUrlWithoutItsPassword) {
  ASSERT_TRUE(Journal::open(url_, clock_));
  exec("UPDATE rolecall_journal.schema_version SET version = 99");
  for (auto access : {Journal::Access::kWrite, Journal::Access::kRead}) {
    auto j = Journal::open(url_with_password(), clock_, access);
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().kind, ErrorKind::kInvalidArgument);
    const std::string& m = j.error().message;
    EXPECT_NE(m.find("journal postgresql://rolecall@/"), std::string::npos) << m;
    EXPECT_NE(m.find("schema version 99"), std::string::npos) << m;
    EXPECT_EQ(m.find("hunter2"), std::string::npos) << m;
  }
  EXPECT_EQ(number("SELECT version FROM rolecall_journal.schema_version"), 99);
}

TEST_F(PgJournalTest, EveryErrorNamesTheUrlWithoutItsPassword) {
  const std::string missing = "postgresql://rolecall:hunter2@/no_such_database" + url_.substr(url_.find('?'));
  auto j = Journal::open(missing, clock_);
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().kind, ErrorKind::kInvalidArgument);  // the location given is wrong: exit 2
  EXPECT_EQ(j.error().message.rfind("journal postgresql://rolecall@/no_such_database", 0), 0u) << j.error().message;
  EXPECT_EQ(j.error().message.find("hunter2"), std::string::npos) << j.error().message;

  auto opened = Journal::open(url_with_password(), clock_);
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ((*opened)->path(), url_);  // what messages and `runs` show
  auto unknown = (*opened)->run("r-none");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(unknown.error().message.find("hunter2"), std::string::npos) << unknown.error().message;
  // A statement the server refuses (the run's steps must name an existing run).
  StepRecord orphan;
  orphan.run_id = "r-none";
  orphan.instance_id = "i-1";
  orphan.operation = "associate";
  auto refused = (*opened)->record_intent(orphan);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(refused.error().message.find("hunter2"), std::string::npos) << refused.error().message;
}

TEST_F(PgJournalTest, AStoreAndAJournalShareOneDatabaseInEitherOrder) {
  rolecall::testing::FakeEnv env;
  {
    auto store = store::open_store(url_, env);
    ASSERT_TRUE(store) << store.error().describe();
  }
  auto j = Journal::open(url_, clock_);
  ASSERT_TRUE(j) << j.error().describe();
  ASSERT_TRUE((*j)->begin_run(RunRecord{}));
  auto again = store::open_store(url_, env);
  ASSERT_TRUE(again) << again.error().describe();
  auto scans = (*again)->scans(0);
  ASSERT_TRUE(scans) << scans.error().describe();
  EXPECT_TRUE(scans->empty());

  // The journal first, then the store, in another database.
  auto server = rolecall::testing::PgServer::shared();
  ASSERT_TRUE(server);
  auto other = (*server)->create_database();
  ASSERT_TRUE(other);
  ASSERT_TRUE(Journal::open(*other, clock_));
  auto store = store::open_store(*other, env);
  ASSERT_TRUE(store) << store.error().describe();
}

// Writes a version-1 journal into the test database, as pg_journal_schema's first migration makes
// it, with runs and steps as version 1 recorded them (the reason only in the error text).
class PgJournalMigrationTest : public PgJournalTest {
 protected:
  void write_v1() {
    auto db = db::PgDb::connect(url_, "journal");
    ASSERT_TRUE(db) << db.error().describe();
    auto r = pg_journal_schema::migrate(**db, 1);
    ASSERT_TRUE(r) << r.error().describe();
    exec(R"sql(
INSERT INTO rolecall_journal.runs (run_id, kind, plan_json, caller, dry_run, started_at, finished_at, status)
  VALUES ('r-20251101T000000Z-000001', 'apply', '{}', 'arn:aws:iam::111122223333:user/ann', false,
          '2025-11-01T00:00:00Z', '2025-11-01T00:01:00Z', 'completed');
INSERT INTO rolecall_journal.steps (run_id, seq, instance_id, operation, status, error, intent_at) VALUES
  ('r-20251101T000000Z-000001', 1, 'i-1', 'associate', 'verified', '', '2025-11-01T00:00:01Z'),
  ('r-20251101T000000Z-000001', 2, 'i-2', 'replace', 'skipped', 'i-2 was changed by someone else since the plan',
   '2025-11-01T00:00:02Z'),
  ('r-20251101T000000Z-000001', 3, 'i-3', 'associate', 'skipped', 'blocked: a failing target', '2025-11-01T00:00:03Z'),
  ('r-20251101T000000Z-000001', 4, 'i-4', 'associate', 'failed', 'AccessDenied: blocked: no', '2025-11-01T00:00:04Z');
)sql");
  }
};

TEST_F(PgJournalMigrationTest, AnOlderJournalIsReadAsItIsAndUpgradedInPlaceByAWriter) {
  write_v1();
  {
    auto reader = Journal::open(url_, clock_, Journal::Access::kRead);
    ASSERT_TRUE(reader) << reader.error().describe();
    auto runs = (*reader)->runs();
    ASSERT_TRUE(runs) << runs.error().describe();
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().caller, "arn:aws:iam::111122223333:user/ann");
    EXPECT_EQ(runs->front().plan_digest, "");
    EXPECT_EQ(runs->front().ticket, "");
    auto steps = (*reader)->steps(runs->front().run_id);
    ASSERT_TRUE(steps) << steps.error().describe();
    ASSERT_EQ(steps->size(), 4u);
    EXPECT_EQ((*steps)[1].status, StepStatus::kSkipped);
  }
  EXPECT_EQ(number("SELECT version FROM rolecall_journal.schema_version"), 1);  // reading changed nothing

  auto writer = Journal::open(url_, clock_);
  ASSERT_TRUE(writer) << writer.error().describe();
  EXPECT_EQ(number("SELECT version FROM rolecall_journal.schema_version"), journal_schema::kVersion);
  auto steps = (*writer)->steps("r-20251101T000000Z-000001");
  ASSERT_TRUE(steps) << steps.error().describe();
  ASSERT_EQ(steps->size(), 4u);
  EXPECT_EQ((*steps)[0].reason, StepReason::kNone);
  EXPECT_EQ((*steps)[1].reason, StepReason::kChangedElsewhere);
  EXPECT_EQ((*steps)[2].reason, StepReason::kBlocked);
  EXPECT_EQ((*steps)[3].reason, StepReason::kNone);  // "blocked: " not at the start of a failure
  RunRecord run;
  run.kind = "apply";
  run.ticket = "CHG-1";
  auto id = (*writer)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_EQ((*writer)->run(*id)->ticket, "CHG-1");
}

}  // namespace
}  // namespace rolecall::remediate
