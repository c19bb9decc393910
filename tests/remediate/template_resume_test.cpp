// Launch template fixes cut off mid-way (issue 13 §3): apply --resume finds the version the cut-off
// call made instead of making a second one, finishes the default and the groups, and rollback then
// restores the templates and groups exactly.
#include <gtest/gtest.h>

#include "aws/ops/ec2_launch_template_writes.h"
#include "fixture.h"
#include "remediate/rollback.h"
#include "remediate/template_apply.h"
#include "remediate/template_live.h"
#include "remediate/template_plan.h"
#include "rolecall/remediate.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;
using TemplateResumeTest = RemediateFixture;

nlohmann::json sources(const nlohmann::json& state) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : state["accounts"]) out.push_back({a["launch_templates"], a["auto_scaling_groups"]});
  return out;
}

TEST_F(TemplateResumeTest, ResumeAdoptsTheVersionACutOffCallMadeAndRollbackRestoresExactly) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 30;
  spec.seed = 15;
  spec.compliant_percent = 0;
  spec.auto_scaling_groups = 5;
  eo.generate = spec;
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  const auto before = sources(emu_->dump_state());

  PlanOptions options;
  options.target.kind = TargetSpec::Kind::kInstanceProfile;
  options.target.name = "app-web";
  options.check_pass_role = false;
  auto planned = rolecall::plan(*s, options);
  ASSERT_TRUE(planned) << planned.error().describe();
  const Plan& plan = planned->plan;
  const auto updates = template_updates(plan);
  ASSERT_GE(updates.size(), 2u);
  const TemplateAction& first = *updates[0];

  // The run as a crash leaves it: the first template's CreateLaunchTemplateVersion was journaled
  // and sent, and AWS made the version, but the process died before recording the answer.
  RunRecord run;
  run.kind = "apply";
  run.plan_json = plan_to_json(plan);
  auto run_id = journal_->begin_run(run);
  ASSERT_TRUE(run_id);
  StepRecord intent;
  intent.run_id = *run_id;
  intent.instance_id = first.template_id;
  intent.account_id = first.account_id;
  intent.region = first.region;
  intent.operation = kTemplateVersionOp;
  intent.before_association_id = std::to_string(first.source_version);
  intent.target_profile_arn = first.target.arn;
  ASSERT_TRUE(journal_->record_intent(intent));
  aws::ec2::CreateLaunchTemplateVersionRequest request{
      first.template_id, std::to_string(first.source_version), first.target.arn, "", "cut off", ""};
  auto made = call_and_wait<aws::ec2::CreateLaunchTemplateVersionResponse>(s->loop(), [&](auto done) {
    aws::ec2::create_launch_template_version(*callers_.at(first.account_id), first.region, request, std::move(done));
  });
  ASSERT_TRUE(made) << made.error().describe();

  ApplyOptions apply_options;
  apply_options.executor = fast_executor();
  auto resumed = resume_run(s->loop(), *journal_, callers_, *run_id, apply_options);
  ASSERT_TRUE(resumed) << resumed.error().describe();
  EXPECT_EQ(resumed->run.status, RunStatus::kCompleted);
  for (const auto& i : resumed->instances) {
    EXPECT_TRUE(i.status == StepStatus::kVerified || i.status == StepStatus::kSkipped)
        << i.instance_id << ": " << i.error;
  }
  // No second version: the template's latest is the one the cut-off call made, and it is the default.
  auto live = read_templates(s->loop(), callers_, {{{first.account_id, first.region, first.template_id}, {}}});
  const auto& t = live.begin()->second;
  ASSERT_TRUE(t) << t.error().describe();
  EXPECT_EQ(t->latest_version, made->version_number);
  EXPECT_EQ(t->default_version, made->version_number);
  // Every other template was fixed too (it had not started).
  for (const auto* u : updates) {
    auto other = read_templates(s->loop(), callers_, {{{u->account_id, u->region, u->template_id}, {}}});
    const auto& o = other.begin()->second;
    ASSERT_TRUE(o);
    EXPECT_TRUE(carries_profile(o->profiles.at(o->default_version), u->target)) << u->template_id;
  }

  auto rollback = plan_rollback(s->loop(), *journal_, callers_, *run_id, {});
  ASSERT_TRUE(rollback) << rollback.error().describe();
  EXPECT_FALSE(rollback->template_steps.empty());
  auto undone = execute_rollback(s->loop(), *journal_, callers_, std::move(*rollback), "", fast_executor());
  ASSERT_TRUE(undone) << undone.error().describe();
  EXPECT_EQ(sources(emu_->dump_state()), before);
}

}  // namespace
}  // namespace rolecall::remediate
