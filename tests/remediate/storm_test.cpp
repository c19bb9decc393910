// Throttling storms and injected 5xx / lost responses: every change ends verified or clearly
// failed, every journal step has its outcome, and the journal agrees with the emulator.
#include <gtest/gtest.h>

#include "fixture.h"
#include "remediate/run_summary.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;

using StormTest = RemediateFixture;

void expect_journal_matches_emulator(Journal& journal, const std::string& run_id, const Plan& plan,
                                     const std::map<std::string, std::string>& now) {
  auto steps = journal.steps(run_id);
  ASSERT_TRUE(steps);
  std::map<std::string, int> per_instance;
  for (const auto& s : *steps) {
    ++per_instance[s.instance_id];
    EXPECT_NE(s.status, StepStatus::kIntent) << s.instance_id << " lost its outcome";
    EXPECT_NE(s.status, StepStatus::kDone) << s.instance_id << " never verified";
  }
  auto summary = load_run_summary(journal, run_id);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->instances.size(), plan.actions.size());
  for (const auto& i : summary->instances) {
    EXPECT_EQ(per_instance[i.instance_id], 1) << i.instance_id << ": one step per change";
    std::string profile = now.at(i.instance_id);
    if (i.status == StepStatus::kVerified) {
      EXPECT_EQ(profile, "app-payments") << i.instance_id;
    } else {
      EXPECT_EQ(i.status, StepStatus::kFailed) << i.instance_id;
      EXPECT_FALSE(i.error.empty()) << i.instance_id;
      ADD_FAILURE() << i.instance_id << " failed: " << i.error;
    }
  }
}

TEST_F(StormTest, ThrottlingStormEndsWithEveryChangeApplied) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 330;
  spec.seed = 21;
  spec.compliant_percent = 0;
  eo.generate = spec;
  eo.throttle = true;
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  // Everything not on app-payments goes to app-payments: > 200 replaces in one bucket.
  std::set<std::string> from = {"",         "ec2-default",  "batch-decommissioned", "admin-ec2",
                                "star-ec2", "passrole-ec2", "lambda-trust",         "app-search",
                                "app-data", "app-web",      "app-platform",         "app-ml"};
  Plan plan = plan_for(*s, from);
  ASSERT_GT(plan.count(ActionKind::kReplace), 200u);
  ApplyOptions options;
  options.executor = fast_executor();
  auto run = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(run->count(StepStatus::kVerified), plan.actions.size());
  expect_journal_matches_emulator(*journal_, run->run.run_id, plan, profiles_now());
}

TEST_F(StormTest, InjectedFaultsLoseNoJournalEntry) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 2;
  spec.regions = 2;
  spec.instances = 160;
  spec.seed = 33;
  spec.compliant_percent = 10;
  eo.generate = spec;
  eo.faults.internal = 0.08;
  eo.faults.unavailable = 0.08;
  eo.faults.reset = 0.04;  // after the handler ran: the change may have landed
  eo.faults.truncate = 0.03;
  eo.faults.seed = 5;
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {"", "ec2-default"});
  ASSERT_GT(plan.actions.size(), 10u);
  ApplyOptions options;
  options.executor = fast_executor();
  auto run = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(run) << run.error().describe();
  expect_journal_matches_emulator(*journal_, run->run.run_id, plan, profiles_now());
  // With retries and reconciliation, faults at these rates still leave every change applied.
  EXPECT_EQ(run->count(StepStatus::kVerified), plan.actions.size());
}

}  // namespace
}  // namespace rolecall::remediate
