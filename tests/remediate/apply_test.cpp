// apply + rollback against the emulator: fixes turn into PASS, rollback restores the exact estate,
// stale plans are refused, dry runs change nothing, missing PassRole fails clearly.
#include <gtest/gtest.h>

#include <algorithm>

#include "aws/ops/ec2_profile_associations.h"
#include "base/sync.h"
#include "fixture.h"
#include "remediate/rejudge.h"
#include "remediate/rollback.h"
#include "remediate/run_summary.h"
#include "rolecall/scan.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;

emulator::EmulatorOptions estate(int instances, std::uint64_t seed, int accounts = 2, int regions = 2) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = accounts;
  spec.regions = regions;
  spec.instances = instances;
  spec.seed = seed;
  spec.compliant_percent = 20;
  eo.generate = spec;
  return eo;
}

using ApplyTest = RemediateFixture;

TEST_F(ApplyTest, ApplyFixesTargetedFailuresAndRollbackRestoresTheExactEstate) {
  start(estate(120, 7));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  auto before = emu_->dump_state();
  // Only targets rollback can restore: "" (associate) and an existing profile (replace). A profile
  // deleted after association (batch-decommissioned) can not be re-attached by anyone.
  Plan plan = plan_for(*s, {"", "ec2-default"});
  ASSERT_GT(plan.count(ActionKind::kAssociate), 0u);
  ASSERT_GT(plan.count(ActionKind::kReplace), 0u);

  ApplyOptions options;
  options.executor = fast_executor();
  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(applied->run.status, RunStatus::kCompleted);
  ASSERT_EQ(applied->instances.size(), plan.actions.size());
  for (const auto& i : applied->instances) {
    EXPECT_EQ(i.status, StepStatus::kVerified) << i.instance_id << ": " << i.error;
    EXPECT_FALSE(i.association_id.empty()) << i.instance_id;
  }
  auto now = profiles_now();
  for (const auto& a : plan.actions) EXPECT_EQ(now[a.before.instance_id], "app-payments") << a.before.instance_id;

  // The next scan: every targeted instance-has-role / profile-has-role failure is a PASS.
  ScanOptions scan;
  scan.scope.org = true;
  scan.judge.checks = {"instance-has-role", "profile-has-role"};
  auto result = rolecall::scan(*s, scan);
  ASSERT_TRUE(result) << result.error().describe();
  std::set<std::string> targeted;
  for (const auto& a : plan.actions) targeted.insert(a.before.instance_id);
  std::size_t judged = 0;
  for (const auto& f : result->findings) {
    if (!targeted.contains(f.resource_id)) continue;
    EXPECT_EQ(f.status, Status::kPass) << f.resource_id << " " << f.check_id << ": " << f.message;
    ++judged;
  }
  EXPECT_GE(judged, targeted.size());

  // Rollback: the emulator's full state equals the state before apply. Association ids are not in
  // the dump (AWS assigns new ones); nothing else is ignored.
  auto rb_plan = plan_rollback(s->loop(), *journal_, callers_, applied->run.run_id, {});
  ASSERT_TRUE(rb_plan) << rb_plan.error().describe();
  EXPECT_EQ(rb_plan->changes.size(), plan.actions.size());
  auto rolled = execute_rollback(s->loop(), *journal_, callers_, *rb_plan, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  EXPECT_EQ(rolled->run.kind, "rollback");
  EXPECT_EQ(rolled->run.parent_run_id, applied->run.run_id);
  EXPECT_EQ(rolled->run.status, RunStatus::kCompleted);
  for (const auto& i : rolled->instances)
    EXPECT_EQ(i.status, StepStatus::kVerified) << i.instance_id << ": " << i.error;
  EXPECT_EQ(emu_->dump_state(), before);

  // Rollback of the rollback re-applies.
  auto again = plan_rollback(s->loop(), *journal_, callers_, rolled->run.run_id, {});
  ASSERT_TRUE(again);
  auto reapplied = execute_rollback(s->loop(), *journal_, callers_, *again, "test", fast_executor());
  ASSERT_TRUE(reapplied);
  now = profiles_now();
  for (const auto& a : plan.actions) EXPECT_EQ(now[a.before.instance_id], "app-payments") << a.before.instance_id;
}

TEST_F(ApplyTest, RollbackLeavesAloneInstancesChangedBySomeoneElse) {
  start(estate(40, 3, 1, 1));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {""});
  ASSERT_GE(plan.actions.size(), 2u);
  ApplyOptions options;
  options.executor = fast_executor();
  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(applied) << applied.error().describe();
  // Someone else moves the first instance to another profile.
  const auto& first = plan.actions.front().before;
  Plan other = plan_for(*s, {"app-payments"}, "app-search");
  std::erase_if(other.actions, [&](const PlannedAction& a) { return a.before.instance_id != first.instance_id; });
  ASSERT_EQ(other.actions.size(), 1u);
  ASSERT_TRUE(apply_plan(s->loop(), *journal_, callers_, other, options));
  auto rb = plan_rollback(s->loop(), *journal_, callers_, applied->run.run_id, {});
  ASSERT_TRUE(rb) << rb.error().describe();
  EXPECT_EQ(rb->changes.size(), plan.actions.size() - 1);
  ASSERT_EQ(rb->settled.size(), 1u);
  EXPECT_EQ(rb->settled[0].step.instance_id, first.instance_id);
  EXPECT_NE(rb->settled[0].why.find("changed by someone else"), std::string::npos) << rb->settled[0].why;
  auto rolled = execute_rollback(s->loop(), *journal_, callers_, *rb, "test", fast_executor());
  ASSERT_TRUE(rolled);
  EXPECT_EQ(run_exit_code(*rolled), ExitCode::kPartial);
  EXPECT_EQ(profiles_now()[first.instance_id], "app-search");
  // --instances: an instance the run did not touch is an error naming it.
  auto bad = plan_rollback(s->loop(), *journal_, callers_, applied->run.run_id, {"i-0000000000000dead"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("i-0000000000000dead"), std::string::npos);
}

TEST_F(ApplyTest, RollbackSaysWhenTheEarlierProfileWasDeletedAndLeavesTheWorkingOne) {
  start(estate(120, 7));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  // batch-decommissioned was deleted after it was associated: AWS cannot associate it again.
  Plan plan = plan_for(*s, {"batch-decommissioned"});
  ASSERT_GT(plan.count(ActionKind::kReplace), 0u);
  ApplyOptions options;
  options.executor = fast_executor();
  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(applied) << applied.error().describe();
  auto rb = plan_rollback(s->loop(), *journal_, callers_, applied->run.run_id, {});
  ASSERT_TRUE(rb) << rb.error().describe();
  EXPECT_TRUE(rb->changes.empty());
  ASSERT_EQ(rb->settled.size(), plan.actions.size());
  for (const auto& settled : rb->settled) {
    EXPECT_NE(settled.why.find("no longer exists"), std::string::npos) << settled.why;
    EXPECT_NE(settled.why.find("batch-decommissioned"), std::string::npos) << settled.why;
  }
  auto rolled = execute_rollback(s->loop(), *journal_, callers_, *rb, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  EXPECT_EQ(rolled->count(StepStatus::kFailed), 0u);
  EXPECT_EQ(run_exit_code(*rolled), ExitCode::kPartial);  // not everything could be put back: partial
  auto now = profiles_now();
  for (const auto& a : plan.actions) EXPECT_EQ(now[a.before.instance_id], "app-payments") << a.before.instance_id;
}

TEST_F(ApplyTest, StalePlanIsRefusedNamingInstancesAndRefreshReplans) {
  start(estate(40, 5, 1, 1));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {""});
  ASSERT_GE(plan.actions.size(), 2u);
  // Someone associates a profile to the first instance after planning.
  Plan sneaky = plan;
  sneaky.actions.resize(1);
  sneaky.actions[0].target.arn = "arn:aws:iam::" + sneaky.actions[0].before.account_id + ":instance-profile/app-web";
  ApplyOptions options;
  options.executor = fast_executor();
  ASSERT_TRUE(apply_plan(s->loop(), *journal_, callers_, sneaky, options));
  auto runs_before = journal_->runs()->size();
  auto before = emu_->dump_state();

  auto refused = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kStalePlanCode);
  EXPECT_NE(refused.error().message.find(plan.actions[0].before.instance_id), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find(plan.actions[1].before.instance_id), std::string::npos);
  EXPECT_EQ(emu_->dump_state(), before);             // nothing changed
  EXPECT_EQ(journal_->runs()->size(), runs_before);  // and no run started

  options.refresh = true;
  auto refreshed = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(refreshed) << refreshed.error().describe();
  EXPECT_EQ(refreshed->run.status, RunStatus::kCompleted);
  for (const auto& i : refreshed->instances) {
    EXPECT_EQ(i.status, StepStatus::kVerified) << i.instance_id << ": " << i.error;
    if (i.instance_id == plan.actions[0].before.instance_id) {
      EXPECT_EQ(i.operation, "replace");  // re-derived from the live association
      EXPECT_NE(i.before_profile_arn.find("app-web"), std::string::npos);
    }
  }
  for (const auto& a : plan.actions) EXPECT_EQ(profiles_now()[a.before.instance_id], "app-payments");
}

TEST_F(ApplyTest, AStalePlanWhoseProfileCameBackUnderANewAssociationNamesBothAssociations) {
  start(estate(60, 7, 1, 1));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {"ec2-default"});
  ASSERT_FALSE(plan.actions.empty());
  InstanceState& before = plan.actions[0].before;
  aws::AwsCaller* caller = callers_.at(before.account_id);
  // The association as planned (recorded, as the CLI's plan does), then replaced by someone with
  // the same profile: a new association, the same profile.
  auto listed = base::run_sync<aws::ec2::DescribeProfileAssociationsResponse>(s->loop(), [&](auto done) {
    aws::ec2::describe_profile_associations(*caller, before.region, {{}, {before.instance_id}, {}, 0, ""},
                                            std::move(done));
  });
  ASSERT_TRUE(listed && listed->associations.size() == 1u);
  before.association_id = listed->associations[0].association_id;
  auto replaced = base::run_sync<aws::ec2::ProfileAssociationResponse>(s->loop(), [&](auto done) {
    aws::ec2::replace_profile(*caller, before.region, {before.association_id, {before.profile_arn, ""}, false},
                              std::move(done));
  });
  ASSERT_TRUE(replaced) << replaced.error().describe();
  const std::string now = replaced->association.association_id;
  ASSERT_NE(now, before.association_id);

  ApplyOptions options;
  options.executor = fast_executor();
  auto refused = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kStalePlanCode);
  EXPECT_NE(refused.error().message.find(before.instance_id + " (planned from " + before.profile_arn +
                                         " as association " + before.association_id + ", now association " + now + ")"),
            std::string::npos)
      << refused.error().message;
}

TEST_F(ApplyTest, TargetsFailingARuleRefuseTheWholePlanBeforeAnyChange) {
  start(estate(60, 4, 1, 1));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {"", "ec2-default", "admin-ec2", "star-ec2", "lambda-trust"});
  ASSERT_GE(plan.actions.size(), 3u);
  // Edited by hand: two targets that plan refuses, the rest still good.
  Plan edited = plan;
  auto retarget = [](PlannedAction& a, const std::string& name) {
    a.target.name = name;
    a.target.arn = "arn:aws:iam::" + a.before.account_id + ":instance-profile/" + name;
    a.target.role_arn = "arn:aws:iam::" + a.before.account_id + ":role/" + name;
  };
  retarget(edited.actions[0], "admin-ec2");
  retarget(edited.actions[1], "lambda-trust");
  ApplyOptions options;
  options.executor = fast_executor();
  auto runs_before = journal_->runs()->size();
  const auto before = emu_->dump_state();
  auto refused = apply_plan(s->loop(), *journal_, callers_, edited, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kTargetRefusedCode);
  const std::string& why = refused.error().message;
  EXPECT_NE(why.find("2 target(s)"), std::string::npos) << why;
  EXPECT_NE(why.find(edited.actions[0].before.instance_id + ": " + edited.actions[0].target.arn), std::string::npos)
      << why;
  EXPECT_NE(why.find("admin-level"), std::string::npos) << why;
  EXPECT_NE(why.find("does not allow ec2.amazonaws.com"), std::string::npos) << why;
  EXPECT_EQ(why.find(edited.actions[2].before.instance_id), std::string::npos) << why;
  EXPECT_EQ(emu_->dump_state(), before);             // nothing changed, not even the good ones
  EXPECT_EQ(journal_->runs()->size(), runs_before);  // and no run started

  // The approved list the plan was made with is judged again too.
  Plan unapproved = plan;
  unapproved.approved = {"arn:aws:iam::" + plan.actions[0].before.account_id + ":instance-profile/app-web"};
  refused = apply_plan(s->loop(), *journal_, callers_, unapproved, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kTargetRefusedCode);
  EXPECT_NE(refused.error().message.find("not on the approved list"), std::string::npos) << refused.error().message;
  EXPECT_EQ(emu_->dump_state(), before);

  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, options);  // the plan as planned
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(applied->run.plan_digest, plan_digest(plan));
  for (const auto& a : plan.actions) EXPECT_EQ(profiles_now()[a.before.instance_id], "app-payments");
}

TEST_F(ApplyTest, DryRunChangesNothingAndIsJournaledAsDryRun) {
  start(estate(30, 9, 1, 1));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {"", "ec2-default"});
  ASSERT_FALSE(plan.actions.empty());
  auto before = emu_->dump_state();
  ApplyOptions options;
  options.dry_run = true;
  int preflights = 0;
  options.preflight = [&preflights](const Plan&) -> Result<void> {
    ++preflights;
    return {};
  };
  auto run = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(preflights, 1);
  EXPECT_TRUE(run->run.dry_run);
  EXPECT_EQ(run->count(StepStatus::kSkipped), plan.actions.size());
  EXPECT_EQ(emu_->dump_state(), before);
  auto rb = plan_rollback(s->loop(), *journal_, callers_, run->run.run_id, {});
  EXPECT_FALSE(rb);  // a dry run changed nothing to roll back
}

TEST_F(ApplyTest, PreflightDenialRefusesAndMissingPassRoleFailsEachChangeClearly) {
  start(estate(30, 11, 1, 1));
  // The auditor loses iam:PassRole.
  auto state = emu_->dump_state();
  for (auto& u : state["accounts"][0]["users"]) {
    if (u["name"] != "rolecall-auditor") continue;
    u["inline_policies"].push_back(nlohmann::json::parse(
        R"({"name": "no-pass-role", "document": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]}})"));
  }
  ASSERT_TRUE(emu_->load_estate(state));
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {""});
  ASSERT_FALSE(plan.actions.empty());
  auto before = emu_->dump_state();

  ApplyOptions options;
  options.executor = fast_executor();
  options.preflight = [](const Plan&) -> Result<void> {
    return fail(Error::access_denied("iam:PassRole denied").with_code(kPreflightDeniedCode));
  };
  auto refused = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kPreflightDeniedCode);

  options.preflight = nullptr;  // without preflight EC2 itself refuses every change
  auto run = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(run->run.status, RunStatus::kFailed);
  EXPECT_EQ(run_exit_code(*run), ExitCode::kFindings);
  for (const auto& i : run->instances) {
    EXPECT_EQ(i.status, StepStatus::kFailed);
    EXPECT_NE(i.error.find("UnauthorizedOperation"), std::string::npos) << i.error;
  }
  EXPECT_EQ(emu_->dump_state(), before);
}

}  // namespace
}  // namespace rolecall::remediate
