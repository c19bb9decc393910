// The apply and rollback entry points (include/rolecall/remediate.h) as the CLI calls them: the
// injected confirmation, what they show, and rollback's restart policy (only restored instances
// are restarted, into the rollback's own run).
#include <gtest/gtest.h>

#include "fixture.h"
#include "remediate/account_callers.h"
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

  // write_plan's plan as `rolecall plan` records it: planned by the credentials the tests apply
  // with (sts:GetCallerIdentity), under `ticket`.
  std::string write_reviewed_plan(const std::string& ticket) {
    auto s = session();
    Plan plan = plan_for(*s, {""});
    inventory::ScopeOptions scope;
    scope.org = true;
    auto callers = remediate::resolve_callers(*s, scope);
    EXPECT_TRUE(callers);
    if (callers) plan.created_by = callers->caller_arn;
    EXPECT_FALSE(plan.created_by.empty());
    plan.ticket = ticket;
    const std::string path = (dir_ / "reviewed.json").string();
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

  RollbackRequest rollback_request(const std::string& journal_path, const std::string& run_id) {
    RollbackRequest rb;
    rb.session = session_options();
    rb.journal_path = journal_path;
    rb.run_id = run_id;
    rb.scope.org = true;
    rb.executor = fast_executor();
    rb.show = [this](const std::string& text) { shown_ += text; };
    return rb;
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

TEST_F(WorkflowTest, TheConfirmationShowsTheDiffCutAtAScreenful) {
  ApplyRequest request = apply_request(write_plan());
  auto plan = read_plan_file(*env_, request.plan_file);
  ASSERT_TRUE(plan);
  ASSERT_GT(plan->count(ActionKind::kAssociate), 1u);
  request.preview_lines = 4;  // fewer lines than the diff (blank, account, two associates, unchanged, ...)
  std::string shown_when_asked;
  request.confirm = [&](const std::string& question) {
    shown_when_asked = shown_;
    EXPECT_EQ(question, "Apply " +
                            std::to_string(plan->count(ActionKind::kAssociate) + plan->count(ActionKind::kReplace)) +
                            " changes?");
    return Confirmation::kNo;
  };
  auto outcome = apply(request);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  // Shown before the question: the first lines of the diff, how many more, and the summary.
  EXPECT_NE(shown_when_asked.find("account "), std::string::npos) << shown_when_asked;
  EXPECT_NE(shown_when_asked.find("+ associate i-"), std::string::npos) << shown_when_asked;
  EXPECT_NE(shown_when_asked.find("more lines ("), std::string::npos) << shown_when_asked;
  EXPECT_NE(shown_when_asked.find("Plan: "), std::string::npos) << shown_when_asked;
}

TEST_F(WorkflowTest, TicketAndApproverAreJournaledWithTheCallersArn) {
  ApplyRequest request = apply_request(write_reviewed_plan(""));
  request.yes = true;
  request.ticket = "CHG-9";
  request.approved_by = "alice";
  request.require_approver_different = true;  // the planner is the caller, the approver alice
  auto outcome = apply(request);
  ASSERT_TRUE(outcome) << outcome.error().describe();
  ASSERT_TRUE(outcome->run);
  EXPECT_EQ(outcome->run->run.ticket, "CHG-9");
  EXPECT_EQ(outcome->run->run.approved_by, "alice");
  EXPECT_EQ(outcome->run->run.caller.rfind("arn:aws:iam::", 0), 0u) << outcome->run->run.caller;
}

TEST_F(WorkflowTest, ReviewContradictionsAndASelfApprovalAreRefusedBeforeAnyChange) {
  const auto before = profiles_now();
  const std::string path = write_reviewed_plan("CHG-1");
  auto read = read_plan_file(*env_, path);
  ASSERT_TRUE(read);
  Plan plan = *read;
  plan.approved_by = "alice";
  ASSERT_TRUE(env_->write_file(path, plan_to_json(plan)));

  ApplyRequest request = apply_request(path);
  request.yes = true;
  request.ticket = "CHG-2";
  auto ticket = apply(request);
  ASSERT_FALSE(ticket);
  EXPECT_EQ(ticket.error().code, kReviewMismatchCode);
  request.ticket = "CHG-1";
  request.approved_by = "bob";
  auto approver = apply(request);
  ASSERT_FALSE(approver);
  EXPECT_EQ(approver.error().code, kReviewMismatchCode);

  // The approver is the planner (by name), or without an approver the caller applying is.
  const std::string planner_name = plan.created_by.substr(plan.created_by.rfind('/') + 1);
  plan.approved_by = planner_name;
  ASSERT_TRUE(env_->write_file(path, plan_to_json(plan)));
  request.approved_by.clear();
  request.require_approver_different = true;
  auto self = apply(request);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, kApproverIsPlannerCode);
  EXPECT_EQ(self.error().kind, ErrorKind::kInvalidArgument);
  plan.approved_by.clear();
  ASSERT_TRUE(env_->write_file(path, plan_to_json(plan)));
  auto caller = apply(request);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, kApproverIsPlannerCode);
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

TEST_F(WorkflowTest, ApplyRefusesAPlanChangedAfterPlanningOrUnsignedBeforeAnyCall) {
  const auto before = profiles_now();
  const std::string path = write_plan();
  auto text = env_->read_file(path);
  ASSERT_TRUE(text);
  auto plan = plan_from_json(*text, path);
  ASSERT_TRUE(plan);
  ApplyRequest request = apply_request(path);
  request.yes = true;
  // No AWS call can be made: the session points where nothing listens.
  request.session.endpoint_url = "http://127.0.0.1:9";
  auto write = [&](Plan p, const std::string& digest) {
    std::string t = plan_to_json(p);
    const std::string real = "\"digest\": \"" + plan_digest(p) + "\"";
    t.replace(t.find(real), real.size(), digest.empty() ? "\"digest\": \"\"" : "\"digest\": \"" + digest + "\"");
    EXPECT_TRUE(env_->write_file(path, t));
  };
  Plan edited = *plan;
  edited.actions[0].target.arn = "arn:aws:iam::" + edited.actions[0].before.account_id + ":instance-profile/admin-ec2";
  write(edited, plan->digest);  // target edited, digest kept
  auto changed = apply(request);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, kPlanChangedCode);
  EXPECT_NE(changed.error().message.find("changed after planning"), std::string::npos);
  write(*plan, "sha256:" + std::string(64, '0'));  // digest edited
  changed = apply(request);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, kPlanChangedCode);
  write(*plan, "");  // no digest
  auto unsigned_plan = apply(request);
  ASSERT_FALSE(unsigned_plan);
  EXPECT_EQ(unsigned_plan.error().code, kPlanUnsignedCode);
  EXPECT_EQ(profiles_now(), before);
  // Reviewed and accepted without a digest: applied (its targets still judged).
  request.allow_unsigned_plan = true;
  request.session.endpoint_url = emu_->endpoint_url();
  auto applied = apply(request);
  ASSERT_TRUE(applied) << applied.error().describe();
  ASSERT_TRUE(applied->run);
  EXPECT_EQ(applied->run->run.plan_digest, plan->digest);
  EXPECT_NE(profiles_now(), before);
}

TEST_F(WorkflowTest, RollbackRestoringAFailingProfileNeedsAllowFailingTargets) {
  const auto before = profiles_now();
  auto s = session();
  // The planner's plan: it replaces admin-level, wrong-trust and role-less profiles with app-payments.
  remediate::PlanBuildOptions options;
  options.target.name = "app-payments";
  auto built = remediate::build_plan(*s, options);
  ASSERT_TRUE(built) << built.error().describe();
  ASSERT_GT(built->plan.count(ActionKind::kReplace), 0u);
  const std::string path = (dir_ / "fix-admins.json").string();
  ASSERT_TRUE(env_->write_file(path, plan_to_json(built->plan)));
  ApplyRequest request = apply_request(path);
  request.yes = true;
  auto applied = apply(request);
  ASSERT_TRUE(applied) << applied.error().describe();
  ASSERT_TRUE(applied->run);
  const auto fixed = profiles_now();
  EXPECT_NE(fixed, before);

  RollbackRequest rb = rollback_request(request.journal_path, applied->run->run.run_id);
  rb.yes = true;
  shown_.clear();
  auto refused = rollback(rb);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kFailingRestoreCode);
  EXPECT_NE(refused.error().message.find("--allow-failing-targets"), std::string::npos);
  EXPECT_NE(shown_.find("restores a profile that fails a target rule"), std::string::npos) << shown_;
  EXPECT_EQ(profiles_now(), fixed);  // nothing rolled back

  rb.allow_failing_targets = true;
  auto rolled = rollback(rb);
  ASSERT_TRUE(rolled) << rolled.error().describe();
  ASSERT_TRUE(rolled->run);
  // Back as before, but where the earlier profile was deleted (AWS cannot associate it again).
  for (const auto& [id, profile] : profiles_now()) {
    if (before.at(id) != "batch-decommissioned") {
      EXPECT_EQ(profile, before.at(id)) << id;
    }
  }
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

  RollbackRequest rb = rollback_request(request.journal_path, applied->run->run.run_id);
  rb.restart = true;
  rb.restart_options.wait_interval = std::chrono::milliseconds(0);
  std::string asked;
  rb.confirm = [&asked](const std::string& question) {
    asked = question;
    return Confirmation::kYes;
  };
  shown_.clear();
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
