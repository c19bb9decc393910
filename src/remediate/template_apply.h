#pragma once
// Applying a plan's launch template fixes (TemplateAction kUpdate), journaled like every change:
// "template-version" (CreateLaunchTemplateVersion from the version in use plus the target profile
// and/or the user data without a migrated key; verified by reading the version back), "template-default"
// (ModifyLaunchTemplate to it), and one "group-version" per group that pins a version number (UpdateAutoScalingGroup to
// it). Groups on $Default or $Latest launch the new version without a change. A resumed run continues from the steps
// the journal holds and never makes a second version.

#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/journal.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Journal operation names of template steps.
inline constexpr const char* kTemplateVersionOp = "template-version";
inline constexpr const char* kTemplateDefaultOp = "template-default";
inline constexpr const char* kGroupVersionOp = "group-version";
inline constexpr const char* kTemplateVersionDeleteOp = "template-version-delete";  // rollback only

// Whether `operation` is one of the template steps above.
bool is_template_op(const std::string& operation);

// The plan's template actions apply makes (kUpdate).
std::vector<const TemplateAction*> template_updates(const Plan& plan);

// Reads each update's template and groups live (runs `loop`) and returns one line per update that
// no longer matches the plan (default or latest version moved, the version in use carries another
// profile, a group launches something else, or it cannot be read); empty when all are as planned.
std::vector<std::string> stale_templates(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                                         const std::vector<const TemplateAction*>& updates);

// Makes each update in run `run_id`, one after another (runs `loop`), continuing from `prior`, the
// run's steps so far (resume; empty for a new run). An update that scrubs user data makes its
// version the default (and moves pinned groups) only when `make_default_approved`; otherwise that
// step is journaled skipped (awaiting-approval) with the command that approves it. Fails only on a
// journal error; AWS failures are journaled as failed steps and the template's remaining steps are
// not tried.
Result<void> fix_templates(aws::EventLoop& loop, Journal& journal,
                           const std::map<std::string, aws::AwsCaller*>& callers, const std::string& run_id,
                           const std::vector<const TemplateAction*>& updates, const std::vector<StepRecord>& prior,
                           bool make_default_approved);

// Whether run steps `steps` leave a scrubbed version of `updates` awaiting approval to become the
// default (its last template-default step is awaiting-approval).
bool awaits_template_default(const std::vector<const TemplateAction*>& updates, const std::vector<StepRecord>& steps);

}  // namespace rolecall::remediate
