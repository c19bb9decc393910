// Several writers and readers on one journal at once (threads, each with its own connection, and
// processes), as when two operators apply and roll back with the default journal or with one
// PostgreSQL journal from two machines; and journal files the process may not write.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "remediate/journal.h"
#include "support/db_backends.h"
#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace rolecall::remediate {
namespace {

constexpr int kSteps = 12;

StepRecord step(const std::string& run, int n) {
  StepRecord s;
  s.run_id = run;
  s.instance_id = "i-" + std::to_string(n);
  s.account_id = "111122223333";
  s.region = "us-east-1";
  s.operation = "associate";
  s.target_profile_arn = "arn:aws:iam::111122223333:instance-profile/app";
  return s;
}

// What one apply does to the journal: open it (creating it when new), a run, an intent and two
// outcomes per step, reading the runs between, and the end of the run. "" when every call
// succeeded, else what failed.
std::string one_apply(const std::string& path, const base::Clock& clock, std::string* run_id = nullptr) {
  auto j = Journal::open(path, clock);
  if (!j) return "open: " + j.error().describe();
  RunRecord run;
  run.kind = "apply";
  run.plan_json = "{}";
  auto id = (*j)->begin_run(run);
  if (!id) return "begin_run: " + id.error().describe();
  for (int n = 0; n < kSteps; ++n) {
    auto seq = (*j)->record_intent(step(*id, n));
    if (!seq) return "record_intent: " + seq.error().describe();
    if (auto r = (*j)->record_outcome(*id, *seq, StepStatus::kDone, "iip-assoc-" + std::to_string(n), "", ""); !r)
      return "record_outcome: " + r.error().describe();
    if (auto runs = (*j)->runs(); !runs) return "runs: " + runs.error().describe();
    if (auto r = (*j)->record_outcome(*id, *seq, StepStatus::kVerified, "iip-assoc-" + std::to_string(n), "", ""); !r)
      return "record_outcome: " + r.error().describe();
  }
  if (auto r = (*j)->finish_run(*id, RunStatus::kCompleted); !r) return "finish_run: " + r.error().describe();
  if (run_id) *run_id = *id;
  return "";
}

// Every run in the journal at `path` is completed with every step verified; `runs` runs expected.
void expect_all_finished(const std::string& path, const base::Clock& clock, std::size_t runs) {
  auto j = Journal::open(path, clock);
  ASSERT_TRUE(j) << j.error().describe();
  auto all = (*j)->runs();
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), runs);
  for (const auto& r : *all) {
    EXPECT_EQ(r.status, RunStatus::kCompleted) << r.run_id;
    auto steps = (*j)->steps(r.run_id);
    ASSERT_TRUE(steps) << steps.error().describe();
    ASSERT_EQ(steps->size(), static_cast<std::size_t>(kSteps)) << r.run_id;
    for (const auto& s : *steps) EXPECT_EQ(s.status, StepStatus::kVerified) << r.run_id << " " << s.seq;
  }
}

class JournalConcurrencyTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / "state" / "journal.db").string(); }
  rolecall::testing::TempDir dir_{"rolecall-journal-race"};
  rolecall::testing::FakeClock clock_;
};

// The cases both backends pass: GetParam() is "sqlite" or "postgresql".
class SharedJournalTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fresh journal location (a file that does not exist yet, or a new, empty database).
  std::string fresh(const std::string& file = "journal.db") {
    auto location = rolecall::testing::fresh_db_location(GetParam(), dir_, file);
    EXPECT_TRUE(location) << location.error().describe();
    return location ? *location : std::string();
  }
  void SetUp() override { location_ = fresh(); }
  const std::string& path() const { return location_; }
  std::string location_;
  rolecall::testing::TempDir dir_{"rolecall-journal-race"};
  rolecall::testing::FakeClock clock_;
};

TEST_P(SharedJournalTest, ThreadsCreatingAndWritingOneNewJournalAllSucceed) {
  constexpr int kThreads = 8;
  for (int round = 0; round < 3; ++round) {  // each round races on a journal that does not exist yet
    const std::string file = fresh("round" + std::to_string(round) + "/journal.db");
    std::atomic<int> ready{0};
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();  // start together
        errors[t] = one_apply(file, clock_);
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << "round " << round << " thread " << t;
    expect_all_finished(file, clock_, kThreads);
  }
}

TEST_P(SharedJournalTest, ProcessesWritingOneJournalAllSucceed) {
  constexpr int kProcesses = 6;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      rolecall::testing::FakeClock clock;
      const std::string error = one_apply(path(), clock);
      if (!error.empty()) std::cerr << "process " << p << ": " << error << '\n';
      std::_Exit(error.empty() ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a process's journal call failed (see stderr)";
  }
  expect_all_finished(path(), clock_, kProcesses);
}

TEST_P(SharedJournalTest, ReadersNeverBlockWritersAndSeeWholeTransactions) {
  std::string first;
  ASSERT_EQ(one_apply(path(), clock_, &first), "");
  auto reader = Journal::open(path(), clock_);
  ASSERT_TRUE(reader) << reader.error().describe();
  std::atomic<bool> stop{false};
  std::string read_error;
  std::thread readers([&] {
    while (!stop.load()) {
      auto run = (*reader)->run(first);  // leaves nothing open that would hold back a writer
      auto all = (*reader)->runs();
      if (!run || !all) {
        read_error = !run ? run.error().describe() : all.error().describe();
        return;
      }
    }
  });
  std::vector<std::string> errors(3);
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) writers.emplace_back([&, t] { errors[t] = one_apply(path(), clock_); });
  for (auto& w : writers) w.join();
  stop = true;
  readers.join();
  EXPECT_EQ(read_error, "");
  for (const auto& e : errors) EXPECT_EQ(e, "");
  // The reader's own connection can write after all that reading.
  RunRecord run;
  run.kind = "rollback";
  run.parent_run_id = first;
  EXPECT_TRUE((*reader)->begin_run(run));
}

TEST_P(SharedJournalTest, WritersOfOneRunNeverShareASeq) {
  // Two connections (two operators' processes, or two machines on one database) recording steps of
  // the same run at once: every step gets its own seq, 1..N without a gap.
  auto first = Journal::open(path(), clock_);
  ASSERT_TRUE(first) << first.error().describe();
  RunRecord run;
  run.kind = "apply";
  auto id = (*first)->begin_run(run);
  ASSERT_TRUE(id) << id.error().describe();
  constexpr int kWriters = 4;
  constexpr int kBatches = 10;
  std::vector<std::string> errors(kWriters);
  std::vector<std::thread> writers;
  std::atomic<int> ready{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto j = Journal::open(path(), clock_);
      if (!j) {
        errors[w] = j.error().describe();
        return;
      }
      ++ready;
      while (ready.load() < kWriters) std::this_thread::yield();
      for (int b = 0; b < kBatches && errors[w].empty(); ++b) {
        auto seqs = (*j)->record_intents({step(*id, w * 100 + b * 2), step(*id, w * 100 + b * 2 + 1)});
        if (!seqs) errors[w] = seqs.error().describe();
      }
    });
  }
  for (auto& t : writers) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  auto steps = (*first)->steps(*id);
  ASSERT_TRUE(steps) << steps.error().describe();
  ASSERT_EQ(steps->size(), static_cast<std::size_t>(kWriters * kBatches * 2));
  for (std::size_t n = 0; n < steps->size(); ++n) EXPECT_EQ((*steps)[n].seq, static_cast<std::int64_t>(n + 1));
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedJournalTest, rolecall::testing::kDbBackends,
                         rolecall::testing::db_backend_name);

// Runs `body` as a user who cannot write what root can (root ignores file modes): in a child
// process that drops to nobody when this one is root. True when `body` returned "".
bool as_unprivileged(const std::filesystem::path& dir, const std::function<std::string()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0) {
      if (::chown(dir.c_str(), 65534, 65534) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) std::_Exit(2);
    }
    const std::string error = body();
    if (!error.empty()) std::cerr << error << '\n';
    std::_Exit(error.empty() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// "" when `error` says the journal is read-only (and not that it is foreign), else why not.
std::string says_read_only(const Result<std::unique_ptr<Journal>>& j, const std::string& path) {
  if (j) return "opened for writing";
  const std::string& m = j.error().message;
  if (m.find("journal " + path + " is read-only") == std::string::npos) return "wrong error: " + m;
  if (m.find("not a rolecall journal") != std::string::npos) return "wrong error: " + m;
  return "";
}

// "" when a writer is told the journal `file` is read-only and a reader still lists run `id`
// with its steps.
std::string refused_for_writing_listed_for_reading(const std::string& file, const std::string& id) {
  rolecall::testing::FakeClock clock;
  if (auto e = says_read_only(Journal::open(file, clock), file); !e.empty()) return e;
  auto j = Journal::open(file, clock, Journal::Access::kRead);
  if (!j) return "read-only open: " + j.error().describe();
  auto runs = (*j)->runs();
  if (!runs || runs->size() != 1 || runs->front().run_id != id) return "runs not listed";
  auto steps = (*j)->steps(id);
  if (!steps || steps->size() != static_cast<std::size_t>(kSteps)) return "steps not listed";
  return "";
}

TEST_F(JournalConcurrencyTest, ReadOnlyFileIsReportedAsSuchAndStillListed) {
  const auto dir = dir_ / "ro-file";
  const std::string file = (dir / "journal.db").string();
  std::string id;
  ASSERT_EQ(one_apply(file, clock_, &id), "");
  ASSERT_EQ(::chmod(file.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0755), 0);
  EXPECT_TRUE(as_unprivileged(dir, [&] { return refused_for_writing_listed_for_reading(file, id); }));
}

TEST_F(JournalConcurrencyTest, ReadOnlyDirectoryIsReportedAsSuchAndStillListed) {
  const auto dir = dir_ / "ro-dir";
  const std::string file = (dir / "journal.db").string();
  std::string id;
  ASSERT_EQ(one_apply(file, clock_, &id), "");
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0755), 0);
  EXPECT_TRUE(as_unprivileged(dir, [&]() -> std::string {
    if (::chmod(dir.c_str(), 0555) != 0) return "chmod";
    return refused_for_writing_listed_for_reading(file, id);
  }));
}

TEST_F(JournalConcurrencyTest, ReadingAJournalThatDoesNotExistCreatesNothing) {
  const std::string file = (dir_ / "none" / "journal.db").string();
  auto j = Journal::open(file, clock_, Journal::Access::kRead);
  ASSERT_TRUE(j) << j.error().describe();
  auto runs = (*j)->runs();
  ASSERT_TRUE(runs) << runs.error().describe();
  EXPECT_TRUE(runs->empty());
  EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace rolecall::remediate
