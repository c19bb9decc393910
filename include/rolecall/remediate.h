#pragma once
// The changing workflows' entry points: plan, apply (and resume), rollback (and restart) and
// preflight. The CLI, the tests and the benchmarks call these. What is shown or asked on a
// terminal stays with the caller, which injects it: a confirm callback, text sinks, the journal
// path, and the Env (files, variables, clock) through the session options.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/session.h"
#include "remediate/executor.h"
#include "remediate/plan_build.h"
#include "remediate/preflight.h"
#include "remediate/restart.h"
#include "remediate/run_summary.h"
#include "rolecall/error.h"
#include "rolecall/plan.h"
#include "rolecall/scope.h"

namespace rolecall {

// The user's answer to a confirmation question.
enum class Confirmation { kYes, kNo, kNoTerminal };

// Asks the user `question` (the CLI asks on the terminal).
using ConfirmFn = std::function<Confirmation(const std::string& question)>;

// Receives text for the user, one or more lines each ending in '\n'.
using TextSink = std::function<void(const std::string& text)>;

// Gives `text` to `sink` when there is one (an empty sink drops it, e.g. --quiet).
inline void say(const TextSink& sink, const std::string& text) {
  if (sink) sink(text);
}

// Reads and parses plan file `path` through `env`; kInvalidArgument "cannot read plan file PATH"
// when it cannot be read, else as plan_from_json.
Result<Plan> read_plan_file(const base::Env& env, const std::string& path);

// `rolecall plan`: what was asked and what came out (remediate/plan_build.h).
using PlanOptions = remediate::PlanBuildOptions;
using PlanOutcome = remediate::PlanBuildResult;

// Builds the remediation plan for the scope on `session` (writing it is the caller's).
Result<PlanOutcome> plan(aws::Session& session, const PlanOptions& options);

// What apply and rollback share: where they run, their journal and accounts, and what they ask and show.
struct ChangeRequest {
  aws::SessionOptions session;  // carries the Env; the session is created once the input is read
  std::string journal_path;
  ScopeOptions scope;
  remediate::ExecutorOptions executor;
  bool yes = false;   // do not ask before changing anything
  ConfirmFn confirm;  // asked unless `yes` (apply: or a dry run) when something is to change
  TextSink show;      // what the user must see before and instead of a run ("nothing applied", ...)
};

// `rolecall apply`: a plan file, or --resume of an interrupted run.
struct ApplyRequest : ChangeRequest {
  std::string plan_file;      // the plan to apply; empty when resuming
  std::string resume_run_id;  // finish this run from its journal instead
  bool dry_run = false;       // stale check and preflight only
  bool refresh = false;       // replan stale instances instead of refusing
  // --make-template-default: launch template versions without a migrated key become the default
  // (with --resume of a finished run: the versions it made that await this approval).
  bool make_template_default = false;
  bool preflight = true;                    // simulate the permissions apply needs first (a denial is shown)
  bool allow_unsigned_plan = false;         // apply a plan file without a digest (older rolecall)
  std::string ticket;                       // --ticket: must match the plan's when it has one; journaled
  std::string approved_by;                  // --approved-by: must match the plan's when it has one; journaled
  bool require_approver_different = false;  // refuse when the approver (or, without one, the caller) planned it
  std::size_t preview_lines = 20;           // the confirmation shows this many lines of the diff
  // Key migration plans: "" or "migrate" moves the instances (the default); "deactivate" sets the
  // plan's keys Inactive once the migration run is verified and `soak` has passed since it finished.
  std::string phase;
  std::chrono::seconds soak{0};
  bool trail_check = true;  // deactivate: CloudTrail must show no use of a key since the migration (key_confirm.h)
  TextSink note;            // progress notes; empty: dropped (--quiet)
  TextSink run_started;     // "run id: ID\n" as soon as the run is journaled (or resumed)
};

// Error::code of an apply whose --ticket or --approved-by contradicts the plan's (covered by its digest).
inline constexpr const char* kReviewMismatchCode = "ReviewMismatch";
// Error::code of an apply refused by --require-approver-different: the approver is who planned it
// (or the plan does not record who planned it).
inline constexpr const char* kApproverIsPlannerCode = "ApproverIsPlanner";

// True when `approver` names `planner_arn`: the same ARN, or its last path segment (the user, role
// or session name: "alice" names arn:aws:iam::1:user/alice and arn:aws:sts::1:assumed-role/R/alice).
bool approver_is_planner(const std::string& approver, const std::string& planner_arn);

// A run that was journaled, or none because the user said no.
struct RunOutcome {
  std::optional<remediate::RunSummary> run;  // nullopt: declined, nothing changed
};

// Applies (or resumes) as `rolecall apply` does. Refusals are errors, before any AWS call that
// changes something: a plan changed after planning carries kPlanChangedCode (no digest:
// kPlanUnsignedCode), a target failing a rule remediate::kTargetRefusedCode, a stale plan
// remediate::kStalePlanCode, a denied preflight remediate::kPreflightDeniedCode, a --ticket or
// --approved-by contradicting the plan's kReviewMismatchCode, an approver who is the planner (with
// require_approver_different) kApproverIsPlannerCode; an unknown run id or a plan file that cannot
// be read is kInvalidArgument. The journal records the caller's ARN, the plan's digest, the ticket
// and the approver (the request's, else the plan's).
Result<RunOutcome> apply(const ApplyRequest& request);

// `rolecall rollback`: undo a journaled run, optionally restarting the restored instances.
struct RollbackRequest : ChangeRequest {
  std::string run_id;
  std::vector<std::string> instances;         // empty: every instance the run touched
  bool restart = false;                       // stop and start the instances whose restore verified
  remediate::RestartOptions restart_options;  // force, waiting
  bool allow_failing_targets = false;         // restore profiles that fail a target rule (admin-level, ...)
};

// Error::code of a rollback refused because a profile it would restore fails a target rule.
inline constexpr const char* kFailingRestoreCode = "FailingRestore";

// Rolls back as `rolecall rollback` does (the restarts are journaled into the same run, whose
// status counts them). An unknown run id is kInvalidArgument; restoring a profile that fails a
// target rule (judged on live IAM as plan does) is kInvalidArgument with kFailingRestoreCode
// unless allow_failing_targets, and the failing profiles are shown either way.
Result<RunOutcome> rollback(const RollbackRequest& request);

// `rolecall preflight`: what to check in every account in scope.
struct PreflightRequest {
  aws::SessionOptions session;   // carries the Env
  std::string role;              // iam:PassRole on this role (resolved per account)
  std::string instance_profile;  // ... or on this profile's role
  std::optional<Plan> plan;      // what this plan needs besides
  bool create_profile = false;
  bool attach_role_policy = false;
  std::string dry_run_instance;  // StopInstances/StartInstances DryRun on it
  ScopeOptions scope;
  TextSink warn;  // "account A: role R: why" when a target could not be resolved; empty: dropped
};

// Checks the permissions as `rolecall preflight` does.
Result<remediate::PreflightReport> preflight(const PreflightRequest& request);

}  // namespace rolecall
