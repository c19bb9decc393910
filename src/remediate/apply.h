#pragma once
// Applying a plan: stale check against live state (or --refresh), preflight, profile creation,
// then every associate/replace through the journaled ChangeExecutor with verification; and
// resuming an interrupted run from its journal.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/executor.h"
#include "remediate/journal.h"
#include "remediate/run_summary.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The Error::code of a refused stale plan (the message names the instances).
inline constexpr const char* kStalePlanCode = "StalePlan";
// The Error::code of a refusal because preflight found a permission denied.
inline constexpr const char* kPreflightDeniedCode = "PreflightDenied";

// How to apply.
struct ApplyOptions {
  bool dry_run = false;  // stale check + preflight only; journaled as a dry run, nothing mutates
  bool refresh = false;  // replan stale instances from live state instead of refusing
  // Permission check run before anything changes (the CLI wires run_preflight); an error refuses
  // the run. Empty: skipped.
  std::function<Result<void>(const Plan&)> preflight;
  std::string plan_source;  // file name, for the journal and messages
  std::string caller;       // identity ARN, for the journal
  std::string ticket;       // change ticket, for the journal
  std::string approved_by;  // approver, for the journal
  // --make-template-default: a launch template version without a migrated key becomes the default
  // (and pinned groups move to it); without it the version is made and awaits this approval.
  bool make_template_default = false;
  ExecutorOptions executor;
  std::function<void(const std::string&)> note;            // human progress notes (stale refreshed, preflight...)
  std::function<void(const std::string&)> on_run_started;  // gets the run id as soon as it is journaled
};

// Callers per account id (nullptr or missing: the account cannot be reached).
using Callers = std::map<std::string, aws::AwsCaller*>;

// The caller of `account`, or nullptr when it cannot be reached.
aws::AwsCaller* caller_for(const Callers& callers, const std::string& account);

// Applies `plan` (runs `loop` as needed) and returns the journaled run. Refusals before any change
// (stale plan: kInvalidArgument code kStalePlanCode; preflight denial: kAccessDenied code
// kPreflightDeniedCode) start no run.
Result<RunSummary> apply_plan(aws::EventLoop& loop, Journal& journal, const Callers& callers, const Plan& plan,
                              const ApplyOptions& options);

// Finishes interrupted run `run_id`: steps with an intent and no outcome are reconciled with AWS,
// accepted-but-unverified ones verified, untouched instances applied (stale-checked first). A
// finished run whose scrubbed launch template versions await approval gets them made the default
// with options.make_template_default.
Result<RunSummary> resume_run(aws::EventLoop& loop, Journal& journal, const Callers& callers, const std::string& run_id,
                              const ApplyOptions& options);

// The account ids a plan touches (actions to apply and profiles to create).
std::vector<std::string> plan_accounts(const Plan& plan);

}  // namespace rolecall::remediate
