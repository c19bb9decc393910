// rollback --restart: stop/start journaled, instance-store roots and Auto Scaling members refused
// unless forced.
#include <gtest/gtest.h>

#include "fixture.h"
#include "remediate/restart.h"
#include "remediate/rollback.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;

using RestartTest = RemediateFixture;

TEST(RestartRefusal, InstanceStoreAndAutoScalingAreRefused) {
  RestartTarget t;
  t.live.root_device_type = "ebs";
  EXPECT_EQ(restart_refusal(t), "");
  t.live.root_device_type = "instance-store";
  EXPECT_NE(restart_refusal(t).find("instance-store"), std::string::npos);
  t.live.root_device_type = "ebs";
  t.live.auto_scaling_group = "web-asg";
  EXPECT_NE(restart_refusal(t).find("web-asg"), std::string::npos);
}

TEST_F(RestartTest, RollbackWithRestartStopsAndStartsRunningInstances) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 40;
  spec.seed = 13;
  spec.compliant_percent = 20;
  eo.generate = spec;
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan = plan_for(*s, {""});
  ASSERT_FALSE(plan.actions.empty());
  ApplyOptions options;
  options.executor = fast_executor();
  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(applied);
  auto rb = plan_rollback(s->loop(), *journal_, callers_, applied->run.run_id, {});
  ASSERT_TRUE(rb);
  auto rolled = execute_rollback(s->loop(), *journal_, callers_, *rb, "test", fast_executor());
  ASSERT_TRUE(rolled);
  std::vector<RestartTarget> targets;
  std::size_t running = 0, refused = 0;
  for (const auto& c : rb->changes) {
    RestartTarget t{c.instance_id, c.account_id, c.region, rb->live[c.instance_id]};
    if (t.live.state == "running") (restart_refusal(t).empty() ? running : refused)++;
    targets.push_back(t);
  }
  ASSERT_GT(running, 0u);
  RestartOptions ro;
  ro.wait_interval = std::chrono::milliseconds(0);
  ASSERT_TRUE(restart_instances(s->loop(), *journal_, callers_, rolled->run.run_id, targets, ro));
  auto steps = journal_->steps(rolled->run.run_id);
  ASSERT_TRUE(steps);
  std::size_t stops = 0, starts = 0, refusals = 0;
  for (const auto& st : *steps) {
    if (st.operation == "stop" && st.status == StepStatus::kVerified) ++stops;
    if (st.operation == "start" && st.status == StepStatus::kVerified) ++starts;
    if (st.operation == "stop" && st.status == StepStatus::kSkipped && st.error.find("--force") != std::string::npos)
      ++refusals;
  }
  EXPECT_EQ(stops, running);
  EXPECT_EQ(starts, running);
  EXPECT_EQ(refusals, refused);
  auto dump = emu_->dump_state();
  for (const auto& in : dump["accounts"][0]["instances"]) {
    for (const auto& t : targets) {
      if (in["id"].get<std::string>() == t.instance_id && t.live.state == "running") {
        EXPECT_EQ(in["state"], "running") << t.instance_id;
      }
    }
  }
}

}  // namespace
}  // namespace rolecall::remediate
