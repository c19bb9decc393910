// The journal: schema, durability across reopen, refusal of foreign/corrupt files, default path;
// what both backends do, on both (an SQLite file and a PostgreSQL database, support/db_backends.h).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "remediate/journal.h"
#include "support/db_backends.h"
#include "support/fake_env.h"
#include "support/temp_dir.h"

namespace rolecall::remediate {
namespace {

StepRecord journal_test_step(const std::string& run, const std::string& instance) {
  StepRecord s;
  s.run_id = run;
  s.instance_id = instance;
  s.account_id = "111122223333";
  s.region = "us-east-1";
  s.operation = "replace";
  s.before_profile_arn = "arn:aws:iam::111122223333:instance-profile/old";
  s.before_association_id = "iip-assoc-0123";
  s.target_profile_arn = "arn:aws:iam::111122223333:instance-profile/new";
  return s;
}

// The cases every backend passes: GetParam() is "sqlite" or "postgresql".
class JournalBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto location = rolecall::testing::fresh_db_location(GetParam(), dir_, "sub/journal.db");
    ASSERT_TRUE(location) << location.error().describe();
    location_ = *location;
  }
  const std::string& path() const { return location_; }
  static StepRecord step(const std::string& run, const std::string& instance) {
    return journal_test_step(run, instance);
  }
  std::string location_;
  rolecall::testing::TempDir dir_{"rolecall-journal"};
  rolecall::testing::FakeClock clock_;  // 2024-01-01T00:00:00Z
};

// The SQLite file's own cases.
class JournalTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / "sub" / "journal.db").string(); }
  static StepRecord step(const std::string& run, const std::string& instance) {
    return journal_test_step(run, instance);
  }
  rolecall::testing::TempDir dir_{"rolecall-journal"};
  rolecall::testing::FakeClock clock_;  // 2024-01-01T00:00:00Z
};

TEST_P(JournalBackendTest, RunsAndStepsSurviveReopen) {
  std::string run_id;
  {
    auto j = Journal::open(path(), clock_);
    ASSERT_TRUE(j) << j.error().describe();
    RunRecord run;
    run.kind = "apply";
    run.plan_json = "{\"version\":1}";
    run.plan_source = "plan.json";
    auto id = (*j)->begin_run(run);
    ASSERT_TRUE(id) << id.error().describe();
    run_id = *id;
    EXPECT_EQ(run_id.rfind("r-", 0), 0u);
    auto s1 = (*j)->record_intent(step(run_id, "i-1"));
    auto s2 = (*j)->record_intent(step(run_id, "i-2"));
    ASSERT_TRUE(s1 && s2);
    EXPECT_EQ(*s1, 1);
    EXPECT_EQ(*s2, 2);
    ASSERT_TRUE((*j)->record_outcome(run_id, 1, StepStatus::kDone, "iip-assoc-new", "", "req-1"));
    ASSERT_TRUE((*j)->record_outcome(run_id, 1, StepStatus::kVerified, "iip-assoc-new", "", "req-1"));
  }
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  auto run = (*j)->run(run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::kRunning);
  EXPECT_EQ(run->plan_json, "{\"version\":1}");
  auto steps = (*j)->steps(run_id);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[0].status, StepStatus::kVerified);
  EXPECT_EQ((*steps)[0].result_association_id, "iip-assoc-new");
  EXPECT_EQ((*steps)[0].before_association_id, "iip-assoc-0123");
  EXPECT_EQ((*steps)[0].request_id, "req-1");
  EXPECT_EQ((*steps)[1].status, StepStatus::kIntent);  // crash between intent and outcome: still "unknown"
  EXPECT_TRUE((*steps)[1].outcome_at.empty());
  // Numbering continues after reopen.
  auto s3 = (*j)->record_intent(step(run_id, "i-3"));
  ASSERT_TRUE(s3);
  EXPECT_EQ(*s3, 3);
  ASSERT_TRUE((*j)->finish_run(run_id, RunStatus::kFailed));
  EXPECT_EQ((*j)->run(run_id)->status, RunStatus::kFailed);
  EXPECT_FALSE((*j)->run(run_id)->finished_at.empty());
  ASSERT_TRUE((*j)->reopen_run(run_id));
  EXPECT_EQ((*j)->run(run_id)->status, RunStatus::kRunning);
  auto all = (*j)->runs();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(JournalBackendTest, UnknownRunAndStepAreNotFound) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j);
  auto run = (*j)->run("r-nope");
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().kind, ErrorKind::kNotFound);
  auto id = (*j)->begin_run(RunRecord{});
  ASSERT_TRUE(id);
  auto o = (*j)->record_outcome(*id, 42, StepStatus::kDone, "", "", "");
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE((*j)->finish_run("r-nope", RunStatus::kCompleted));
}

TEST_P(JournalBackendTest, IntentIsDurableBeforeOutcomeAcrossConnections) {
  // A second connection (another process after a crash) sees the committed intent immediately.
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j);
  auto id = (*j)->begin_run(RunRecord{});
  ASSERT_TRUE(id);
  ASSERT_TRUE((*j)->record_intents({step(*id, "i-a"), step(*id, "i-b")}));
  auto other = Journal::open(path(), clock_);
  ASSERT_TRUE(other) << other.error().describe();
  auto steps = (*other)->steps(*id);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[1].instance_id, "i-b");
  EXPECT_EQ((*steps)[1].status, StepStatus::kIntent);
}

TEST_F(JournalTest, CorruptFileIsAnErrorAndLeftUntouched) {
  std::filesystem::create_directories(dir_ / "sub");
  std::string garbage(8192, 'x');
  { std::ofstream(path(), std::ios::binary) << garbage; }
  auto j = Journal::open(path(), clock_);
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(j.error().message.find(path()), std::string::npos) << j.error().message;
  std::stringstream now;
  now << std::ifstream(path(), std::ios::binary).rdbuf();
  EXPECT_EQ(now.str(), garbage);
}

TEST_F(JournalTest, ForeignSqliteDatabaseIsRefused) {
  std::filesystem::create_directories(dir_ / "sub");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto j = Journal::open(path(), clock_);
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("not a rolecall journal"), std::string::npos) << j.error().message;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  int count = -1;
  sqlite3_exec(
      db, "SELECT count(*) FROM sqlite_master",
      [](void* out, int, char** v, char**) {
        *static_cast<int*>(out) = std::atoi(v[0]);
        return 0;
      },
      &count, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(count, 1);  // still only the foreign table
}

TEST_F(JournalTest, NewerSchemaIsRefused) {
  {
    auto j = Journal::open(path(), clock_);
    ASSERT_TRUE(j);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto j = Journal::open(path(), clock_);
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("schema version 99"), std::string::npos) << j.error().message;
}

TEST_P(JournalBackendTest, RunIdsAndTimesComeFromTheInjectedClock) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  clock_.advance(std::chrono::seconds(90));
  RunRecord run;
  run.kind = "apply";
  auto id = (*j)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_TRUE(id->starts_with("r-20240101T000130Z-")) << *id;
  ASSERT_TRUE((*j)->record_intent(step(*id, "i-1")));
  clock_.advance(std::chrono::seconds(5));
  ASSERT_TRUE((*j)->finish_run(*id, RunStatus::kCompleted));
  auto stored = (*j)->run(*id);
  ASSERT_TRUE(stored) << stored.error().describe();
  EXPECT_TRUE(stored->started_at.starts_with("2024-01-01T00:01:30")) << stored->started_at;
  EXPECT_TRUE(stored->finished_at.starts_with("2024-01-01T00:01:35")) << stored->finished_at;
  auto steps = (*j)->steps(*id);
  ASSERT_TRUE(steps && steps->size() == 1u);
  EXPECT_TRUE(steps->front().intent_at.starts_with("2024-01-01T00:01:30")) << steps->front().intent_at;
}

TEST_P(JournalBackendTest, ABatchOfOutcomesWithAnUnknownStepRecordsNoneOfThem) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  auto id = (*j)->begin_run(RunRecord{});
  ASSERT_TRUE(id) << id.error().describe();
  auto seqs = (*j)->record_intents({step(*id, "i-1"), step(*id, "i-2")});
  ASSERT_TRUE(seqs) << seqs.error().describe();
  ASSERT_EQ(*seqs, (std::vector<std::int64_t>{1, 2}));
  auto bad = (*j)->record_outcomes({StepOutcome{*id, 1, StepStatus::kDone, "iip-assoc-1", "", "req-1"},
                                    StepOutcome{*id, 7, StepStatus::kDone, "", "", ""}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kNotFound);
  auto steps = (*j)->steps(*id);
  ASSERT_TRUE(steps) << steps.error().describe();
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[0].status, StepStatus::kIntent);  // the whole batch was rolled back
  // The same step twice in one batch: the later outcome is the one kept.
  ASSERT_TRUE(
      (*j)->record_outcomes({StepOutcome{*id, 2, StepStatus::kDone, "iip-assoc-2", "", "req-2"},
                             StepOutcome{*id, 2, StepStatus::kVerified, "iip-assoc-2", "", "req-2"},
                             StepOutcome{*id, 1, StepStatus::kFailed, "", "refused", "req-1", StepReason::kBlocked}}));
  steps = (*j)->steps(*id);
  ASSERT_TRUE(steps) << steps.error().describe();
  EXPECT_EQ((*steps)[0].status, StepStatus::kFailed);
  EXPECT_EQ((*steps)[0].reason, StepReason::kBlocked);
  EXPECT_EQ((*steps)[0].error, "refused");
  EXPECT_EQ((*steps)[1].status, StepStatus::kVerified);
  EXPECT_FALSE((*steps)[1].outcome_at.empty());
}

TEST_P(JournalBackendTest, OneBatchNumbersEachRunsStepsOnFromItsLast) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  auto a = (*j)->begin_run(RunRecord{});
  auto b = (*j)->begin_run(RunRecord{});
  ASSERT_TRUE(a && b);
  ASSERT_TRUE((*j)->record_intent(step(*b, "i-0")));
  auto seqs = (*j)->record_intents({step(*a, "i-1"), step(*b, "i-2"), step(*a, "i-3"), step(*b, "i-4")});
  ASSERT_TRUE(seqs) << seqs.error().describe();
  EXPECT_EQ(*seqs, (std::vector<std::int64_t>{1, 2, 2, 3}));
  auto steps = (*j)->steps(*b);
  ASSERT_TRUE(steps && steps->size() == 3u);
  EXPECT_EQ((*steps)[2].instance_id, "i-4");
}

TEST_P(JournalBackendTest, EveryFieldKeepsItsTextExactly) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  const std::string odd = "quote ' double \" back\\slash {\"json\": [1]} tab\t newline\n ünïcødé 日本 $1 %s";
  RunRecord run;
  run.kind = "apply";
  run.plan_json = odd;
  run.plan_source = odd;
  run.caller = odd;
  run.plan_digest = "sha256:" + odd;
  run.ticket = odd;
  run.approved_by = odd;
  run.dry_run = true;
  auto id = (*j)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  StepRecord s = step(*id, odd);
  s.before_profile_arn = odd;
  ASSERT_TRUE((*j)->record_intents({s}));
  ASSERT_TRUE((*j)->record_outcome(*id, 1, StepStatus::kSkipped, odd, odd, odd, StepReason::kPlannedSkip));
  auto back = (*j)->run(*id);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->plan_json, odd);
  EXPECT_EQ(back->plan_source, odd);
  EXPECT_EQ(back->caller, odd);
  EXPECT_EQ(back->plan_digest, "sha256:" + odd);
  EXPECT_EQ(back->ticket, odd);
  EXPECT_EQ(back->approved_by, odd);
  EXPECT_TRUE(back->dry_run);
  auto steps = (*j)->steps(*id);
  ASSERT_TRUE(steps && steps->size() == 1u);
  EXPECT_EQ(steps->front().instance_id, odd);
  EXPECT_EQ(steps->front().before_profile_arn, odd);
  EXPECT_EQ(steps->front().result_association_id, odd);
  EXPECT_EQ(steps->front().error, odd);
  EXPECT_EQ(steps->front().request_id, odd);
  EXPECT_EQ(steps->front().reason, StepReason::kPlannedSkip);
}

TEST_P(JournalBackendTest, RunsAreListedNewestFirst) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  std::vector<std::string> ids;
  for (int n = 0; n < 3; ++n) {
    auto id = (*j)->begin_run(RunRecord{});
    ASSERT_TRUE(id) << id.error().describe();
    ids.push_back(*id);
    clock_.advance(std::chrono::seconds(1));
  }
  auto all = (*j)->runs();
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].run_id, ids[2]);
  EXPECT_EQ((*all)[2].run_id, ids[0]);
}

TEST_P(JournalBackendTest, ReadingAJournalThatDoesNotExistShowsNoRunsAndCreatesNothing) {
  {
    auto j = Journal::open(path(), clock_, Journal::Access::kRead);
    ASSERT_TRUE(j) << j.error().describe();
    auto runs = (*j)->runs();
    ASSERT_TRUE(runs) << runs.error().describe();
    EXPECT_TRUE(runs->empty());
    auto run = (*j)->run("r-none");
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().kind, ErrorKind::kNotFound);
  }
  // Nothing was created: a writer still finds a journal to create (SQLite: no file; PostgreSQL:
  // no schema), and the first run it records is the only one.
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(std::filesystem::exists(path()));
  }
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  ASSERT_TRUE((*j)->begin_run(RunRecord{}));
  auto reader = Journal::open(path(), clock_, Journal::Access::kRead);
  ASSERT_TRUE(reader) << reader.error().describe();
  auto runs = (*reader)->runs();
  ASSERT_TRUE(runs) << runs.error().describe();
  EXPECT_EQ(runs->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalBackendTest, rolecall::testing::kDbBackends,
                         rolecall::testing::db_backend_name);

TEST(JournalPath, DefaultPathFollowsEnvironment) {
  using rolecall::testing::FakeEnv;
  EXPECT_EQ(Journal::default_path(FakeEnv({{"ROLECALL_JOURNAL", "/x/j.db"}, {"XDG_STATE_HOME", "/s"}, {"HOME", "/h"}})),
            "/x/j.db");
  EXPECT_EQ(Journal::default_path(FakeEnv({{"XDG_STATE_HOME", "/s"}, {"HOME", "/h"}})), "/s/rolecall/journal.db");
  EXPECT_EQ(Journal::default_path(FakeEnv({{"HOME", "/h"}})), "/h/.local/state/rolecall/journal.db");
}

}  // namespace
}  // namespace rolecall::remediate
