#pragma once
// The spec's backout plan: a new journaled run (kind "rollback") that puts every instance a run
// touched back as it was — disassociate where there was no profile, replace back to the previous
// profile where there was one — and leaves alone (saying so) instances someone else changed since.

#include <string>
#include <vector>

#include "remediate/apply.h"
#include "remediate/executor.h"
#include "remediate/journal.h"
#include "remediate/live_state.h"
#include "remediate/rollback_roles.h"
#include "remediate/run_summary.h"
#include "remediate/settled.h"

namespace rolecall::remediate {

// What the rollback of one run will do, decided from the journal and live state.
struct RollbackPlan {
  std::string parent_run_id;
  std::vector<Change> changes;               // restores to make
  std::vector<Settled> settled;              // instances left alone, with why (run_id filled on execute)
  std::map<std::string, LiveInstance> live;  // instance id -> live state when planned (for --restart)
  std::vector<StepRecord> template_steps;    // the run's launch template steps to undo (template_rollback.h)
  std::vector<StepRecord> key_steps;         // the run's access key steps to undo (key_retire.h)
  std::vector<CreatedRole> roles;  // the rolecall-<user> roles (and profiles) the run created (rollback_roles.h)
};

// Decides the rollback of `run_id` (an apply or a rollback run; runs `loop`). `instances` limits it
// (empty: every instance the run touched); an instance id the run did not touch is kInvalidArgument.
Result<RollbackPlan> plan_rollback(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                   const std::string& run_id, const std::vector<std::string>& instances);

// Executes `plan` as a new rollback run (finished before returning) and returns it.
Result<RunSummary> execute_rollback(aws::EventLoop& loop, Journal& journal, const Callers& callers, RollbackPlan plan,
                                    const std::string& caller, const ExecutorOptions& options);

}  // namespace rolecall::remediate
