// The apply and rollback entry points (include/rolecall/remediate.h) as the CLI calls them: the
// injected confirmation, what they show, and rollback's restart policy (only restored instances
// are restarted, into the rollback's own run).
#include <gtest/gtest.h>

#include "fixture.h"
#include "rolecall/remediate.h"

namespace rolecall::testing {
namespace {

class WorkflowTest : public RemediateFixture {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions eo;
    emulator::GeneratorSpec spec;
    spec.accounts = 1;
    spec.regions = 1;
    spec.instances = 30;
    spec.seed = 21;
    spec.compliant_percent = 20;
    eo.generate = spec;
    start(eo);
  }

  aws::SessionOptions session_options() const {
    aws::SessionOptions so;
    so.region = "us-east-1";
    so.endpoint_url = emu_->endpoint_url();
    so.env = env_.get();
    return so;
  }

  // A plan file associating app-payments to every instance without a profile.
  std::string write_plan() {
    auto s = session();
    Plan plan = plan_for(*s, {""});
    EXPECT_FALSE(plan.actions.empty());
    const std::string path = (dir_ / "plan.json").string();
    EXPECT_TRUE(env_->write_file(path, plan_to_json(plan)));
    return path;
  }

  ApplyRequest apply_request(const std::string& plan_file) {
    ApplyRequest request;
    request.session = session_options();
    request.journal_path = (dir_ / "workflow.db").string();
    request.plan_file = plan_file;
    request.preflight = false;
    request.scope.org = true;
    request.executor = fast_executor();
    request.show = [this](const std::string& text) { shown_ += text; };
    return request;
  }

  std::string shown_;
};

TEST_F(WorkflowTest, ApplyAsksAndChangesNothingWhenDeclined) {
  const auto before = profiles_now();
  ApplyRequest request = apply_request(write_plan());
  std::string asked;
  request.confirm = [&asked](const std::string& question) {
    asked = question;
    return Confirmation::kNo;
  };
  auto outcome = apply(request);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_FALSE(outcome->run);
  EXPECT_EQ(asked.rfind("Apply ", 0), 0u) << asked;
  EXPECT_NE(shown_.find("Plan: "), std::string::npos) << shown_;
  EXPECT_NE(shown_.find("nothing applied\n"), std::string::npos) << shown_;
  EXPECT_EQ(profiles_now(), before);

  request.confirm = [](const std::string&) { return Confirmation::kNoTerminal; };
  auto refused = apply(request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(profiles_now(), before);
}

TEST_F(WorkflowTest, ApplyRefusesAMissingPlanFileAndAnUnknownRun) {
  ApplyRequest request = apply_request((dir_ / "missing.json").string());
  auto missing = apply(request);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidArgument);
  request.plan_file.clear();
  request.resume_run_id = "r-unknown";
  auto unknown = apply(request);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalidArgument);
}

TEST_F(WorkflowTest, RollbackWithRestartRestartsOnlyRestoredInstancesIntoItsRun) {
  const auto before = profiles_now();
  ApplyRequest request = apply_request(write_plan());
  request.yes = true;
  std::string started;
  request.run_started = [&started](const std::string& text) { started += text; };
  auto applied = apply(request);
  ASSERT_TRUE(applied) << applied.error().describe();
  ASSERT_TRUE(applied->run);
  EXPECT_EQ(started, "run id: " + applied->run->run.run_id + "\n");
  EXPECT_NE(profiles_now(), before);

  RollbackRequest rb;
  rb.session = session_options();
  rb.journal_path = request.journal_path;
  rb.run_id = applied->run->run.run_id;
  rb.scope.org = true;
  rb.executor = fast_executor();
  rb.restart = true;
  rb.restart_options.wait_interval = std::chrono::milliseconds(0);
  std::string asked;
  rb.confirm = [&asked](const std::string& question) {
    asked = question;
    return Confirmation::kYes;
  };
  shown_.clear();
  rb.show = [this](const std::string& text) { shown_ += text; };
  auto rolled = rollback(rb);
  ASSERT_TRUE(rolled) << rolled.error().describe();
  ASSERT_TRUE(rolled->run);
  EXPECT_NE(asked.find("and stop/start them?"), std::string::npos) << asked;
  EXPECT_NE(shown_.find("will be stopped and started"), std::string::npos) << shown_;
  EXPECT_EQ(profiles_now(), before);
  std::size_t restarted = 0;
  for (const auto& i : rolled->run->instances) {
    if (i.restart.empty()) continue;
    EXPECT_EQ(i.status, remediate::StepStatus::kVerified) << i.instance_id;  // only restored instances are restarted
    ++restarted;
  }
  EXPECT_GT(restarted, 0u);
  EXPECT_EQ(rolled->run->run.status, remediate::RunStatus::kCompleted);
}

}  // namespace
}  // namespace rolecall::testing
