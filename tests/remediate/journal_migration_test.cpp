// Journals written by an older rolecall keep working: opened, they are upgraded in place and their
// runs summarise to the exit codes that rolecall gave them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "remediate/journal.h"
#include "remediate/journal_schema.h"
#include "remediate/run_summary.h"
#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace rolecall::remediate {
namespace {

// Schema version 1 exactly as rolecall wrote it.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE runs (
  run_id        TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  parent_run_id TEXT NOT NULL DEFAULT '',
  plan_json     TEXT NOT NULL DEFAULT '',
  plan_source   TEXT NOT NULL DEFAULT '',
  caller        TEXT NOT NULL DEFAULT '',
  dry_run       INTEGER NOT NULL DEFAULT 0,
  started_at    TEXT NOT NULL,
  finished_at   TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL
);
CREATE TABLE steps (
  run_id                TEXT NOT NULL REFERENCES runs(run_id),
  seq                   INTEGER NOT NULL,
  instance_id           TEXT NOT NULL,
  account_id            TEXT NOT NULL DEFAULT '',
  region                TEXT NOT NULL DEFAULT '',
  operation             TEXT NOT NULL,
  before_profile_arn    TEXT NOT NULL DEFAULT '',
  before_association_id TEXT NOT NULL DEFAULT '',
  target_profile_arn    TEXT NOT NULL DEFAULT '',
  status                TEXT NOT NULL,
  result_association_id TEXT NOT NULL DEFAULT '',
  error                 TEXT NOT NULL DEFAULT '',
  request_id            TEXT NOT NULL DEFAULT '',
  intent_at             TEXT NOT NULL,
  outcome_at            TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX steps_instance ON steps(run_id, instance_id);
PRAGMA application_id=1380928579; PRAGMA user_version=1;
)sql";

constexpr const char* kArn = "arn:aws:iam::111122223333:instance-profile/";

class JournalMigrationTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / "journal.db").string(); }

  // Writes a version-1 journal holding `sql` (INSERTs) and closes it.
  void write_v1(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, (std::string(kSchemaV1) + sql).c_str(), nullptr, nullptr, &message);
    std::string why = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << why;
  }
  int user_version() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
    int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }
  rolecall::testing::TempDir dir_{"rolecall-journal-migration"};

  rolecall::testing::FakeClock clock_;  // 2024-01-01T00:00:00Z
};

std::string run_row(const std::string& id, const std::string& kind, int dry_run, const std::string& status) {
  return "INSERT INTO runs (run_id, kind, dry_run, started_at, finished_at, status) VALUES ('" + id + "', '" + kind +
         "', " + std::to_string(dry_run) + ", '2024-05-01T10:00:00.000Z', '2024-05-01T10:01:00.000Z', '" + status +
         "');\n";
}

std::string step_row(const std::string& run, int seq, const std::string& instance, const std::string& operation,
                     const std::string& status, const std::string& error) {
  return "INSERT INTO steps (run_id, seq, instance_id, account_id, region, operation, before_profile_arn, "
         "target_profile_arn, status, error, intent_at, outcome_at) VALUES ('" +
         run + "', " + std::to_string(seq) + ", '" + instance + "', '111122223333', 'us-east-1', '" + operation +
         "', '" + kArn + "old', '" + kArn + "new', '" + status + "', '" + error +
         "', '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:01.000Z');\n";
}

TEST_F(JournalMigrationTest, OldRunsKeepTheirExitCodes) {
  std::string sql;
  // A rollback that left an instance someone else had changed: exit 4.
  sql += run_row("r-changed", "rollback", 0, "completed");
  sql += step_row("r-changed", 1, "i-1", "replace", "verified", "");
  sql += step_row(
      "r-changed", 2, "i-2", "none", "skipped",
      std::string("changed by someone else since the run: now ") + kArn + "other, the run left " + kArn + "new");
  // A rollback whose earlier profile was deleted: exit 4.
  sql += run_row("r-deleted", "rollback", 0, "completed");
  sql += step_row("r-deleted", 1, "i-3", "none", "skipped",
                  std::string("cannot restore: the profile it had before the run, ") + kArn +
                      "old, no longer exists (deleted); left on " + kArn + "new");
  // An apply with planned skips, a block and a verified change: exit 0.
  sql += run_row("r-apply", "apply", 0, "completed");
  sql += step_row("r-apply", 1, "i-4", "none", "skipped", "planned skip: instance-has-role");
  sql += step_row("r-apply", 2, "i-5", "none", "skipped", "blocked: target role r does not exist");
  sql += step_row("r-apply", 3, "i-6", "associate", "verified", "");
  // A rollback whose restart failed (and which also left an instance alone): exit 1.
  sql += run_row("r-restart", "rollback", 0, "failed");
  sql += step_row("r-restart", 1, "i-7", "replace", "verified", "");
  sql += step_row("r-restart", 2, "i-8", "none", "skipped", "changed by someone else since the run: now no profile");
  sql += step_row("r-restart", 3, "i-7", "stop", "verified", "");
  sql += step_row("r-restart", 4, "i-7", "start", "failed", "instance did not reach running (last seen: stopped)");
  // Restarts refused and a dry run: exit 0.
  sql += run_row("r-refused", "rollback", 0, "completed");
  sql += step_row("r-refused", 1, "i-9", "replace", "verified", "");
  sql += step_row("r-refused", 2, "i-9", "stop", "skipped",
                  "not restarted: instance-store root volume: stopping it loses its data (--force overrides)");
  sql += step_row("r-refused", 3, "i-10", "replace", "verified", "");
  sql +=
      step_row("r-refused", 4, "i-10", "stop", "skipped", "not restarted: not running (stopped): nothing to restart");
  sql += run_row("r-dry", "apply", 1, "completed");
  sql += step_row("r-dry", 1, "i-11", "associate", "skipped", std::string("dry run: would associate ") + kArn + "new");
  // An apply whose new profile could not be created: exit 1.
  sql += run_row("r-profile", "apply", 0, "failed");
  sql += step_row("r-profile", 1, "p-new", "create-profile", "failed", "interrupted; done again on resume");
  sql += step_row("r-profile", 2, "i-12", "associate", "failed", "instance profile not created: AccessDenied");
  ASSERT_NO_FATAL_FAILURE(write_v1(sql));

  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  EXPECT_EQ(user_version(), journal_schema::kVersion);
  const std::pair<const char*, ExitCode> expected[] = {
      {"r-changed", ExitCode::kPartial},  {"r-deleted", ExitCode::kPartial}, {"r-apply", ExitCode::kOk},
      {"r-restart", ExitCode::kFindings}, {"r-refused", ExitCode::kOk},      {"r-dry", ExitCode::kOk},
      {"r-profile", ExitCode::kFindings},
  };
  for (const auto& [run, code] : expected) {
    auto summary = load_run_summary(**j, run);
    ASSERT_TRUE(summary) << summary.error().describe();
    EXPECT_EQ(run_exit_code(*summary), code) << run;
  }

  // Every reason was derived once from the old wording; the wording itself is kept.
  auto reasons_of = [&](const std::string& run) {
    std::vector<StepReason> out;
    auto steps = (*j)->steps(run);
    EXPECT_TRUE(steps);
    for (const auto& s : *steps) out.push_back(s.reason);
    return out;
  };
  EXPECT_EQ(reasons_of("r-changed"), (std::vector<StepReason>{StepReason::kNone, StepReason::kChangedElsewhere}));
  EXPECT_EQ(reasons_of("r-deleted"), (std::vector<StepReason>{StepReason::kProfileDeleted}));
  EXPECT_EQ(reasons_of("r-apply"),
            (std::vector<StepReason>{StepReason::kPlannedSkip, StepReason::kBlocked, StepReason::kNone}));
  EXPECT_EQ(reasons_of("r-restart"), (std::vector<StepReason>{StepReason::kNone, StepReason::kChangedElsewhere,
                                                              StepReason::kNone, StepReason::kNone}));
  EXPECT_EQ(reasons_of("r-refused"), (std::vector<StepReason>{StepReason::kNone, StepReason::kRestartRefused,
                                                              StepReason::kNone, StepReason::kNotRunning}));
  EXPECT_EQ(reasons_of("r-dry"), (std::vector<StepReason>{StepReason::kDryRun}));
  EXPECT_EQ(reasons_of("r-profile"),
            (std::vector<StepReason>{StepReason::kInterrupted, StepReason::kProfileNotCreated}));
  auto steps = (*j)->steps("r-deleted");
  ASSERT_TRUE(steps);
  EXPECT_EQ((*steps)[0].error.rfind("cannot restore: the profile it had before the run, ", 0), 0u);
  EXPECT_EQ((*steps)[0].status, StepStatus::kSkipped);
  EXPECT_EQ((*steps)[0].before_profile_arn, std::string(kArn) + "old");
  auto run = (*j)->run("r-restart");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::kFailed);
  EXPECT_EQ(run->kind, "rollback");
}

TEST_F(JournalMigrationTest, UpgradedJournalTakesNewStepsAndOpensAgain) {
  ASSERT_NO_FATAL_FAILURE(
      write_v1(run_row("r-old", "apply", 0, "completed") + step_row("r-old", 1, "i-1", "associate", "verified", "")));
  {
    auto j = Journal::open(path(), clock_);
    ASSERT_TRUE(j) << j.error().describe();
    StepRecord s;
    s.run_id = "r-old";
    s.instance_id = "i-2";
    s.operation = "none";
    auto seq = (*j)->record_intent(s);
    ASSERT_TRUE(seq) << seq.error().describe();
    EXPECT_EQ(*seq, 2);
    ASSERT_TRUE(
        (*j)->record_outcome("r-old", *seq, StepStatus::kSkipped, "", "left alone", "", StepReason::kChangedElsewhere));
  }
  auto j = Journal::open(path(), clock_);  // already current: opened as is
  ASSERT_TRUE(j) << j.error().describe();
  EXPECT_EQ(user_version(), journal_schema::kVersion);
  auto steps = (*j)->steps("r-old");
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[0].status, StepStatus::kVerified);
  EXPECT_EQ((*steps)[0].reason, StepReason::kNone);
  EXPECT_EQ((*steps)[1].reason, StepReason::kChangedElsewhere);
  EXPECT_EQ((*steps)[1].error, "left alone");
}

TEST_F(JournalMigrationTest, FreshJournalStoresReasons) {
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  EXPECT_EQ(user_version(), journal_schema::kVersion);
  auto id = (*j)->begin_run(RunRecord{});
  ASSERT_TRUE(id);
  StepRecord s;
  s.run_id = *id;
  s.instance_id = "i-1";
  s.operation = "none";
  auto seq = (*j)->record_intent(s);
  ASSERT_TRUE(seq);
  ASSERT_TRUE((*j)->record_outcome(*id, *seq, StepStatus::kSkipped, "", "why", "", StepReason::kProfileDeleted));
  auto steps = (*j)->steps(*id);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].reason, StepReason::kProfileDeleted);
}

TEST_F(JournalMigrationTest, SchemaTwoGainsThePlanDigestAndKeepsItsRuns) {
  // Version 2 as rolecall wrote it: version 1 plus steps.reason.
  ASSERT_NO_FATAL_FAILURE(
      write_v1("ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT '';\nPRAGMA user_version=2;\n" +
               run_row("r-two", "apply", 0, "completed") + step_row("r-two", 1, "i-1", "associate", "verified", "")));
  ASSERT_EQ(user_version(), 2);
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  EXPECT_EQ(user_version(), journal_schema::kVersion);
  auto old = (*j)->run("r-two");
  ASSERT_TRUE(old) << old.error().describe();
  EXPECT_EQ(old->status, RunStatus::kCompleted);
  EXPECT_EQ(old->plan_digest, "");
  RunRecord run;
  run.kind = "apply";
  run.plan_digest = "sha256:abc";
  auto id = (*j)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  auto again = (*j)->run(*id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->plan_digest, "sha256:abc");
  auto summary = load_run_summary(**j, "r-two");
  ASSERT_TRUE(summary) << summary.error().describe();
  EXPECT_EQ(run_exit_code(*summary), ExitCode::kOk);
}

TEST_F(JournalMigrationTest, SchemaThreeGainsTicketAndApproverAndKeepsItsRuns) {
  // Version 3 as rolecall wrote it: version 2 plus runs.plan_digest.
  ASSERT_NO_FATAL_FAILURE(write_v1(
      "ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT '';\n"
      "ALTER TABLE runs ADD COLUMN plan_digest TEXT NOT NULL DEFAULT '';\nPRAGMA user_version=3;\n" +
      run_row("r-three", "apply", 0, "completed") + step_row("r-three", 1, "i-1", "associate", "verified", "")));
  ASSERT_EQ(user_version(), 3);
  auto j = Journal::open(path(), clock_);
  ASSERT_TRUE(j) << j.error().describe();
  EXPECT_EQ(user_version(), journal_schema::kVersion);
  auto old = (*j)->run("r-three");
  ASSERT_TRUE(old) << old.error().describe();
  EXPECT_EQ(old->status, RunStatus::kCompleted);
  EXPECT_EQ(old->ticket, "");
  EXPECT_EQ(old->approved_by, "");
  RunRecord run;
  run.kind = "apply";
  run.ticket = "CHG-42";
  run.approved_by = "alice";
  run.caller = "arn:aws:iam::111122223333:user/bob";
  auto id = (*j)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  auto again = (*j)->run(*id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ticket, "CHG-42");
  EXPECT_EQ(again->approved_by, "alice");
  EXPECT_EQ(again->caller, "arn:aws:iam::111122223333:user/bob");
}

// The bytes of the file at `path` ("" when it cannot be read).
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(JournalMigrationTest, ReadingAnOlderJournalUpgradesACopyAndLeavesTheFileAlone) {
  ASSERT_NO_FATAL_FAILURE(write_v1(
      run_row("r-old", "rollback", 0, "completed") + step_row("r-old", 1, "i-1", "replace", "verified", "") +
      step_row("r-old", 2, "i-2", "none", "skipped", "changed by someone else since the run: now no profile")));
  const std::string before = file_bytes(path());
  ASSERT_FALSE(before.empty());
  {
    auto j = Journal::open(path(), clock_, Journal::Access::kRead);  // `rolecall runs` before any apply
    ASSERT_TRUE(j) << j.error().describe();
    auto runs = (*j)->runs();
    ASSERT_TRUE(runs) << runs.error().describe();
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().run_id, "r-old");
    auto steps = (*j)->steps("r-old");
    ASSERT_TRUE(steps) << steps.error().describe();
    ASSERT_EQ(steps->size(), 2u);
    EXPECT_EQ((*steps)[1].reason, StepReason::kChangedElsewhere);  // derived by the in-memory upgrade
    auto summary = load_run_summary(**j, "r-old");
    ASSERT_TRUE(summary) << summary.error().describe();
    EXPECT_EQ(run_exit_code(*summary), ExitCode::kPartial);
  }
  EXPECT_EQ(user_version(), 1);
  EXPECT_EQ(file_bytes(path()), before);  // not upgraded, not even touched
  EXPECT_FALSE(std::filesystem::exists(path() + "-wal"));
}

}  // namespace
}  // namespace rolecall::remediate
