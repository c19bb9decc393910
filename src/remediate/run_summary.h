#pragma once
// A journaled run as the user sees it: the run and one final outcome per instance, read back
// from the journal (so what apply reports is exactly what the journal holds).

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "remediate/journal.h"
#include "rolecall/exit_code.h"

namespace rolecall::remediate {

// One stop or start of an instance (rollback --restart).
struct RestartOutcome {
  std::string operation;  // "stop" or "start"
  StepStatus status = StepStatus::kIntent;
  StepReason reason = StepReason::kNone;
  std::string error;
  // As shown in summaries: "stop: verified", "stop: skipped (not restarted: ...)".
  std::string describe() const;
};

// The final state of one instance (or created profile) in a run.
struct InstanceOutcome {
  std::string instance_id;
  std::string account_id;
  std::string region;
  std::string operation;  // of the last step: associate, replace, disassociate, none, create-profile...
  StepStatus status = StepStatus::kIntent;
  StepReason reason = StepReason::kNone;  // of the last step
  std::string before_profile_arn;         // from the instance's first step: the state the run started from
  std::string before_association_id;
  std::string target_profile_arn;  // from the last step
  std::string association_id;      // result association of the last step
  std::string error;
  std::vector<RestartOutcome> restart;  // stop, then start, when restarted
};

// One run and its per-instance outcomes.
struct RunSummary {
  RunRecord run;
  std::vector<InstanceOutcome> instances;  // in first-step order
  std::size_t count(StepStatus status) const;
  // Outcomes not at a final status: intent, or done for an instance change (accepted, never
  // verified). A profile step (create-profile, add-role) is final at done: there is nothing to verify.
  std::size_t unfinished() const;
};

// Reads run `run_id`; kNotFound when the journal has no such run.
Result<RunSummary> load_run_summary(Journal& journal, const std::string& run_id);

// Human form: the run line, one line per instance, and the counts.
void render_run_summary(const RunSummary& summary, std::ostream& out);
// The live claims on the journal's running runs (Journal::claim_of), by run id: a running run
// missing from it is interrupted (no process works on it).
using LiveClaims = std::map<std::string, RunClaim>;

// Human list of runs, newest first; with `live`, a running run is shown as in use (by whom) or
// interrupted.
void render_runs(const std::vector<RunRecord>& runs, std::ostream& out, const LiveClaims* live = nullptr);

// JSON form (docs/remediation.md): {"run": {...}, "instances": [...]}.
nlohmann::json run_summary_json(const RunSummary& summary);
// JSON form of one run record; with `live`, a running run also has "in_use_by" (the claim, or null)
// and "interrupted".
nlohmann::json run_record_json(const RunRecord& run, const LiveClaims* live = nullptr);

// The exit status for a finished run (docs/exit-codes.md): kOk all verified/skipped-as-planned,
// kFindings some step failed or is unfinished, kPartial some instance was left alone unrestored
// (changed by someone else, earlier profile deleted). Decided from statuses and reasons only.
ExitCode run_exit_code(const RunSummary& summary);

}  // namespace rolecall::remediate
