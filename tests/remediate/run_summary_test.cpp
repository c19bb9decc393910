// run_exit_code decides from step statuses and typed reasons, never from the error text.
#include "remediate/run_summary.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rolecall::remediate {
namespace {

InstanceOutcome outcome(StepStatus status, StepReason reason, std::string error) {
  InstanceOutcome o;
  o.instance_id = "i-1";
  o.operation = "none";
  o.status = status;
  o.reason = reason;
  o.error = std::move(error);
  return o;
}

RunSummary summary_of(std::vector<InstanceOutcome> instances) {
  RunSummary s;
  s.run.run_id = "r-1";
  s.run.kind = "rollback";
  s.instances = std::move(instances);
  return s;
}

TEST(RunExitCode, UnrestoredSkipsArePartial) {
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kSkipped, StepReason::kChangedElsewhere, "x")})),
            ExitCode::kPartial);
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kSkipped, StepReason::kProfileDeleted, "x")})),
            ExitCode::kPartial);
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kSkipped, StepReason::kAlreadyRestored, "x")})),
            ExitCode::kOk);
}

TEST(RunExitCode, TextAloneDecidesNothing) {
  // Words that once decided the exit code, now without the typed reason: an ordinary skip.
  EXPECT_EQ(run_exit_code(summary_of(
                {outcome(StepStatus::kSkipped, StepReason::kPlannedSkip, "planned skip: changed by someone else")})),
            ExitCode::kOk);
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kSkipped, StepReason::kNone, "cannot restore: x")})),
            ExitCode::kOk);
}

TEST(RunExitCode, FailuresWinOverPartial) {
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kSkipped, StepReason::kChangedElsewhere, ""),
                                      outcome(StepStatus::kFailed, StepReason::kNone, "AWS said no")})),
            ExitCode::kFindings);
  EXPECT_EQ(run_exit_code(summary_of({outcome(StepStatus::kIntent, StepReason::kNone, "")})), ExitCode::kFindings);
}

TEST(RunExitCode, AFailedRestartFailsTheRun) {
  auto restarted = outcome(StepStatus::kVerified, StepReason::kNone, "");
  restarted.restart = {{"stop", StepStatus::kVerified, StepReason::kNone, ""},
                       {"start", StepStatus::kFailed, StepReason::kNone, "instance did not reach running"}};
  EXPECT_EQ(run_exit_code(summary_of({restarted})), ExitCode::kFindings);
  // A refusal is a skip, whatever its text says.
  auto refused = outcome(StepStatus::kVerified, StepReason::kNone, "");
  refused.restart = {{"stop", StepStatus::kSkipped, StepReason::kRestartRefused,
                      "not restarted: member of Auto Scaling group failed-web (--force overrides)"}};
  EXPECT_EQ(run_exit_code(summary_of({refused})), ExitCode::kOk);
}

TEST(RunSummaryRender, RestartLinesKeepTheirWording) {
  auto restarted = outcome(StepStatus::kVerified, StepReason::kNone, "");
  restarted.restart = {{"stop", StepStatus::kVerified, StepReason::kNone, ""},
                       {"start", StepStatus::kFailed, StepReason::kNone, "timeout"}};
  auto json = run_summary_json(summary_of({restarted}));
  EXPECT_EQ(json["instances"][0]["restart"], nlohmann::json({"stop: verified", "start: failed (timeout)"}));
  std::ostringstream text;
  render_run_summary(summary_of({restarted}), text);
  EXPECT_NE(text.str().find("stop: verified\n"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("start: failed (timeout)\n"), std::string::npos) << text.str();
}

// A created profile ends at "done" (IAM has nothing to verify): a completed run with one must not
// read "1 unfinished"; an instance change accepted but never verified still does.
TEST(RunSummaryRender, ProfileStepsAtDoneAreFinished) {
  auto added = outcome(StepStatus::kDone, StepReason::kNone, "");
  added.operation = "add-role";
  auto created = outcome(StepStatus::kDone, StepReason::kNone, "");
  created.operation = "create-profile";
  auto associated = outcome(StepStatus::kVerified, StepReason::kNone, "");
  associated.operation = "associate";
  std::ostringstream text;
  render_run_summary(summary_of({added, created, associated}), text);
  EXPECT_NE(text.str().find("1 verified, 0 failed, 0 skipped, 0 unfinished\n"), std::string::npos) << text.str();

  auto accepted = outcome(StepStatus::kDone, StepReason::kNone, "");
  accepted.operation = "associate";
  auto pending = outcome(StepStatus::kIntent, StepReason::kNone, "");
  pending.operation = "add-role";
  EXPECT_EQ(summary_of({added, accepted, pending}).unfinished(), 2u);
}

}  // namespace
}  // namespace rolecall::remediate
