// One PostgreSQL journal, two operators: a run applied by one process is listed and rolled back by
// another (the `rolecall` binary, with its own HOME and working directory), which restores the
// estate exactly, and the first operator then sees the rollback.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "fixture.h"
#include "rolecall/remediate.h"
#include "support/pg_server.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

class SharedJournalRollbackTest : public RemediateFixture {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions eo;
    emulator::GeneratorSpec spec;
    spec.accounts = 2;
    spec.regions = 1;
    spec.instances = 24;
    spec.seed = 31;
    spec.compliant_percent = 20;
    eo.generate = spec;
    start(eo);
    auto server = PgServer::shared();
    ASSERT_TRUE(server) << server.error().describe();
    auto url = (*server)->create_database();
    ASSERT_TRUE(url) << url.error().describe();
    url_ = *url;
  }

  // `rolecall ARGS` as the second operator: another process, HOME and working directory, the same
  // emulator credentials.
  CliOutcome second_operator(const std::string& args) {
    const auto home = other_.path();
    for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
    ::setenv("HOME", home.c_str(), 1);
    ::unsetenv("ROLECALL_JOURNAL");
    ::unsetenv("XDG_STATE_HOME");
    return run_rolecall(home, "--endpoint-url " + emu_->endpoint_url() + " --region us-east-1 --quiet --no-color " +
                                  args + " --journal '" + url_ + "'");
  }

  std::string url_;
  TempDir other_{"rolecall-second-operator"};
};

TEST_F(SharedJournalRollbackTest, AnotherProcessListsAndRollsBackTheRun) {
  const auto before = profiles_now();
  auto s = session();
  Plan plan = plan_for(*s, {""});
  ASSERT_FALSE(plan.actions.empty());
  const std::string plan_file = (dir_ / "plan.json").string();
  ASSERT_TRUE(env_->write_file(plan_file, plan_to_json(plan)));

  ApplyRequest request;
  request.session.region = "us-east-1";
  request.session.endpoint_url = emu_->endpoint_url();
  request.session.env = env_.get();
  request.journal_path = url_;
  request.plan_file = plan_file;
  request.preflight = false;
  request.scope.org = true;
  request.executor = fast_executor();
  request.yes = true;
  request.allow_unsigned_plan = true;
  auto applied = apply(request);
  ASSERT_TRUE(applied) << applied.error().describe();
  ASSERT_TRUE(applied->run);
  const std::string run_id = applied->run->run.run_id;
  const auto after = profiles_now();
  ASSERT_NE(after, before);

  auto listed = second_operator("runs --output json");
  ASSERT_EQ(listed.status, 0) << listed.err;
  auto runs = nlohmann::json::parse(listed.out);
  ASSERT_EQ(runs.size(), 1u) << listed.out;
  EXPECT_EQ(runs[0].at("run_id"), run_id);
  EXPECT_EQ(runs[0].at("status"), "completed");

  auto rolled = second_operator("rollback " + run_id + " --org --yes --allow-failing-targets");
  ASSERT_EQ(rolled.status, 0) << rolled.out << rolled.err;
  EXPECT_EQ(profiles_now(), before);

  // The first operator's journal shows the rollback of its run.
  auto j = remediate::Journal::open(url_, env_->clock(), remediate::Journal::Access::kRead);
  ASSERT_TRUE(j) << j.error().describe();
  auto all = (*j)->runs();
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), 2u);
  // Both runs may start within one second (run ids and started_at have seconds): find it by kind.
  auto rollback = std::find_if(all->begin(), all->end(), [](const auto& r) { return r.kind == "rollback"; });
  ASSERT_NE(rollback, all->end());
  EXPECT_EQ(rollback->parent_run_id, run_id);
  EXPECT_EQ(rollback->status, remediate::RunStatus::kCompleted);
}

}  // namespace
}  // namespace rolecall::testing
