#pragma once
// The human diff of a plan, like `terraform plan`: changes per account/region, then a summary; the
// same diff as markdown for a pull request or change ticket; and the preview a confirmation shows.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "rolecall/plan.h"

namespace rolecall::remediate {

// How to draw the diff.
struct RenderPlanOptions {
  bool color = false;       // ANSI colours (only on a terminal)
  bool show_skips = false;  // list unchanged instances too (default: only their count per region)
};

// Writes the diff (instances and accounts named by Name tag / account name when known):
//   account 111111111111 (prod) / us-east-1
//     + associate i-... (web-1) → arn:...
//     ~ replace   i-... (web-1) arn-old → arn-new  (role-not-admin)
//         permissions: reduces from admin-level: ...
//     ! blocked   i-...: reason
//     = 3 unchanged
//   Plan: N to associate, M to replace, K blocked, S unchanged.
void render_plan(const Plan& plan, std::ostream& out, const RenderPlanOptions& options);

// The diff as markdown: a header (target, ticket, approver, planner, digest, accounts, regions,
// counts), a table of the changes and one of the blocked actions with why.
void render_plan_markdown(const Plan& plan, std::ostream& out);

// The diff for a confirmation prompt: its first `max_lines` lines, "... and N more lines (M more
// changes; ...)" when longer, then the summary line. No colours.
std::string plan_preview(const Plan& plan, std::size_t max_lines);

// The number of associate and replace actions: what apply changes.
std::size_t change_count(const Plan& plan);

// The question apply asks after the preview: "Apply N changes?".
std::string apply_question(const Plan& plan);

// "Plan: N to associate, M to replace, K blocked, S unchanged."
std::string plan_summary(const Plan& plan);

// What a replace does to permissions, one line each; only what the plan computed (none when unknown).
std::vector<std::string> permission_notes(const PlannedAction& action);

}  // namespace rolecall::remediate
