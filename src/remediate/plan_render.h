#pragma once
// The human diff of a plan, like `terraform plan`: changes per account/region, then a summary.

#include <ostream>
#include <string>

#include "rolecall/plan.h"

namespace rolecall::remediate {

// How to draw the diff.
struct RenderPlanOptions {
  bool color = false;       // ANSI colours (only on a terminal)
  bool show_skips = false;  // list unchanged instances too (default: only their count per region)
};

// Writes the diff:
//   account 111111111111 / us-east-1
//     + associate i-... → arn:...
//     ~ replace   i-... arn-old → arn-new  (role-not-admin)
//     ! blocked   i-...: reason
//     = 3 unchanged
//   Plan: N to associate, M to replace, K blocked, S unchanged.
void render_plan(const Plan& plan, std::ostream& out, const RenderPlanOptions& options);

// "Plan: N to associate, M to replace, K blocked, S unchanged."
std::string plan_summary(const Plan& plan);

}  // namespace rolecall::remediate
