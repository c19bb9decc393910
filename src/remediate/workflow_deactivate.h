#pragma once
// `rolecall apply PLAN --phase deactivate` and `apply --resume` of such a run (key_retire.h), for
// the apply entry point (workflow_apply.cpp), after it has read and checked the plan file.

#include <string>

#include "remediate/journal.h"
#include "rolecall/plan.h"
#include "rolecall/remediate.h"

namespace rolecall::remediate {

// Gate, confirmation and run of the deactivate phase of `plan` (digest already checked).
Result<RunOutcome> apply_deactivate_phase(const ApplyRequest& request, Journal& journal, const Plan& plan,
                                          const std::string& ticket, const std::string& approved_by);

// Finishes interrupted deactivate run `run_id`.
Result<RunOutcome> resume_deactivate_phase(const ApplyRequest& request, Journal& journal, const std::string& run_id);

}  // namespace rolecall::remediate
