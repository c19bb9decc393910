#pragma once
// The deactivate phase of a key migration (`rolecall apply PLAN --phase deactivate`) and its
// backout: each key the plan retires is set Inactive (iam:UpdateAccessKey), never deleted, only
// once the plan's migration run moved every instance that held or used it onto its role and the
// soak has passed; `rollback` of that run sets each key back to the status it had. Every change is
// journaled before and after and verified by reading the key back (iam:ListAccessKeys). The key id
// is never stored: the journal and the plan name it redacted and recognise it by its SHA-256.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "remediate/apply.h"
#include "remediate/journal.h"
#include "remediate/run_summary.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

inline constexpr const char* kDeactivateRunKind = "deactivate";  // RunRecord::kind of a deactivate phase
inline constexpr const char* kDeactivateKeyOp = "deactivate-key";
inline constexpr const char* kReactivateKeyOp = "reactivate-key";  // rollback: back to the status before
// Error::code when the plan's migration has not run, failed to finish, or was rolled back.
inline constexpr const char* kNotMigratedCode = "NotMigrated";
// Error::code when the migration run finished less than the soak ago.
inline constexpr const char* kSoakPendingCode = "SoakPending";
// Error::code when every key of the plan is kept (the reasons are shown): nothing to deactivate.
inline constexpr const char* kNothingToRetireCode = "NothingToRetire";

// A key step's journal fields (StepRecord is shared with instance steps): instance_id holds
// "user/USER/key/REDACTED", before_association_id "sha256:HEX" of the key id, before_profile_arn the
// status before the call, target_profile_arn the status it sets; region is empty (IAM is global).
struct KeyStepFields {
  std::string user;
  std::string key_id_redacted;
  std::string key_sha256;
};
// The resource a key step names ("user/USER/key/REDACTED").
std::string key_step_resource(const std::string& user, const std::string& key_id_redacted);
// Reads a key step's fields back; false when `step` is not a key step.
bool parse_key_step(const StepRecord& step, KeyStepFields& out);

// What the journal says about the plan's migration, and which keys stay.
struct DeactivateGate {
  RunRecord migration;                           // the newest finished apply run of this plan
  std::map<std::string, std::string> key_block;  // key sha256 -> why it is not retired now
  std::set<std::string> already_inactive;        // key sha256 of keys read Inactive now (trail_check only)
};

// How the deactivate phase judges a key.
struct GateOptions {
  std::chrono::seconds soak{7 * 24 * 3600};  // after the migration run, before a key may go unconfirmed
  std::chrono::system_clock::time_point now;
  bool trail_check = true;  // ask CloudTrail (key_confirm.h); false: the soak alone decides
};

// Decides whether the deactivate phase may run for `plan`: the newest finished, not dry, not rolled
// back apply run with the plan's digest (else kInvalidArgument kNotMigratedCode). A key is kept
// (key_block) when the plan blocked it, or one of its instances is not verified on its target by that
// run, or (read live, through `callers`) is not on the target now; with trail_check, when CloudTrail
// shows a call made with it since the run finished, or cannot be read; and, before the soak has
// passed, unless CloudTrail shows every one of its instances calling through its role since. When
// every key is kept and some only for the soak: kSoakPendingCode, saying when it ends.
Result<DeactivateGate> check_deactivate_gate(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                             const Plan& plan, const GateOptions& options);

// Who and why, for the journal.
struct KeyRunInfo {
  std::string plan_source;
  std::string caller;
  std::string ticket;
  std::string approved_by;
  std::function<void(const std::string&)> on_run_started;  // gets the run id as soon as it is journaled
};

// Runs the deactivate phase as a new journaled run of kind kDeactivateRunKind.
Result<RunSummary> deactivate_keys(aws::EventLoop& loop, Journal& journal, const Callers& callers, const Plan& plan,
                                   const DeactivateGate& gate, const KeyRunInfo& info);

// Finishes an interrupted deactivate run: a key step with an intent and no outcome is reconciled
// from the key's live status (set again only when it is not yet Inactive); keys with no step are done.
Result<RunSummary> resume_deactivate(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                     const std::string& run_id, const KeyRunInfo& info);

// The key steps of a run that may have changed a key (not refused, not skipped, a status set
// differing from the one before), in run order: what its rollback undoes.
std::vector<StepRecord> key_steps_to_undo(const std::vector<StepRecord>& steps);

// The rollback of `parent_steps` (key_steps_to_undo of a deactivate run, or of the rollback of
// one): each key goes back to its status before, unless its status changed since (left alone,
// saying so). Journals into run `rollback_run_id`, already begun by the caller.
Result<void> undo_key_steps(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                            const std::vector<StepRecord>& parent_steps, const std::string& rollback_run_id);

}  // namespace rolecall::remediate
