// Run claims (Journal::claim_run) on both backends: while one journal object holds a run, another
// (another operator, another process) is refused with the holder named; the claim goes when the
// holder closes its journal or its process dies, even by SIGKILL, and nothing waits for a timeout.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "remediate/journal.h"
#include "support/db_backends.h"
#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace rolecall::remediate {
namespace {

class RunClaimTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto location = rolecall::testing::fresh_db_location(GetParam(), dir_, "journal.db");
    ASSERT_TRUE(location) << location.error().describe();
    location_ = *location;
  }

  std::unique_ptr<Journal> open() {
    auto j = Journal::open(location_, clock_);
    EXPECT_TRUE(j) << j.error().describe();
    return j ? std::move(*j) : nullptr;
  }

  std::string new_run(Journal& j) {
    RunRecord run;
    run.kind = "apply";
    run.plan_json = "{}";
    auto id = j.begin_run(run);
    EXPECT_TRUE(id) << id.error().describe();
    return id ? *id : "";
  }

  rolecall::testing::TempDir dir_{"rolecall-run-claim"};
  rolecall::testing::FakeClock clock_;
  std::string location_;
};

TEST_P(RunClaimTest, AnotherJournalIsRefusedWithTheHolderNamedUntilTheHolderCloses) {
  auto alice = open();
  auto bob = open();
  ASSERT_TRUE(alice && bob);
  const std::string run = new_run(*alice);
  ASSERT_TRUE(alice->claim_run(run, "apply by arn:aws:iam::111122223333:user/alice"));
  ASSERT_TRUE(alice->claim_run(run, "apply by arn:aws:iam::111122223333:user/alice")) << "a holder claims again";

  auto refused = bob->claim_run(run, "apply --resume");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(refused.error().code, kRunClaimedCode);
  EXPECT_NE(refused.error().message.find(run), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("apply by arn:aws:iam::111122223333:user/alice"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("pid " + std::to_string(::getpid())), std::string::npos)
      << refused.error().message;

  auto seen = bob->claim_of(run);
  ASSERT_TRUE(seen) << seen.error().describe();
  ASSERT_TRUE(*seen) << "bob sees alice's live claim";
  EXPECT_EQ((*seen)->purpose, "apply by arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ((*seen)->pid, ::getpid());
  EXPECT_FALSE((*seen)->host.empty());
  EXPECT_EQ((*seen)->claimed_at, "2024-01-01T00:00:00Z");

  // Another run of the same journal is not held by alice's claim.
  const std::string other = new_run(*alice);
  EXPECT_TRUE(bob->claim_run(other, "rollback"));

  alice.reset();  // alice's process closes its journal
  auto gone = bob->claim_of(run);
  ASSERT_TRUE(gone) << gone.error().describe();
  EXPECT_FALSE(*gone) << "a closed journal holds no claim";
  ASSERT_TRUE(bob->claim_run(run, "apply --resume"));
  auto now = bob->claim_of(run);
  ASSERT_TRUE(now && *now);
  EXPECT_EQ((*now)->purpose, "apply --resume");
}

TEST_P(RunClaimTest, NoSuchRunIsNotFound) {
  auto j = open();
  ASSERT_TRUE(j);
  auto r = j->claim_run("r-20240101T000000Z-000000", "apply --resume");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  auto of = j->claim_of("r-20240101T000000Z-000000");
  ASSERT_FALSE(of);
  EXPECT_EQ(of.error().kind, ErrorKind::kNotFound);
}

TEST_P(RunClaimTest, AHolderKilledBySigkillReleasesTheRunAtOnce) {
  std::string run;
  {
    auto j = open();
    ASSERT_TRUE(j);
    run = new_run(*j);
  }
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(ready[0]);
    rolecall::testing::FakeClock clock;
    auto j = Journal::open(location_, clock);
    const bool claimed = j && (*j)->claim_run(run, "apply by the killed operator");
    const char byte = claimed ? 'y' : 'n';
    if (::write(ready[1], &byte, 1) != 1) std::_Exit(2);
    for (;;) ::pause();  // holds the claim until killed
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  auto bob = open();
  ASSERT_TRUE(bob);
  Result<void> refused = bob->claim_run(run, "apply --resume");
  ::kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_EQ(byte, 'y') << "the child could not claim the run";
  ASSERT_FALSE(refused) << "claimed while the child held it";
  EXPECT_EQ(refused.error().code, kRunClaimedCode);
  EXPECT_NE(refused.error().message.find("pid " + std::to_string(pid)), std::string::npos) << refused.error().message;

  auto taken = bob->claim_run(run, "apply --resume");
  EXPECT_TRUE(taken) << taken.error().describe();
}

INSTANTIATE_TEST_SUITE_P(Backends, RunClaimTest, rolecall::testing::kDbBackends, rolecall::testing::db_backend_name);

}  // namespace
}  // namespace rolecall::remediate
