#pragma once
// Why a journaled step ended as it did, beyond its status. Stored in the journal (steps.reason) so
// that summaries and exit codes branch on it, never on the step's error text.

#include <string_view>

namespace rolecall::remediate {

// The typed cause of a skipped (or deliberately failed) step; kNone when the status says it all.
enum class StepReason {
  kNone,               // nothing beyond the status: verified, done, or an AWS failure described by `error`
  kPlannedSkip,        // apply: the plan said to leave the instance alone
  kBlocked,            // apply: the plan could not pick a safe target for the instance
  kDryRun,             // apply --dry-run: the change that would have been made
  kInstanceNotFound,   // apply --refresh / rollback: the instance no longer exists
  kAlreadyOnTarget,    // apply --refresh: the instance already has the target profile
  kAlreadyRestored,    // rollback: the instance is already as it was before the run
  kChangedElsewhere,   // rollback: someone else changed the instance since the run; left alone
  kProfileDeleted,     // rollback: the profile to restore no longer exists; left on the run's profile
  kProfileNotCreated,  // apply: the instance's new profile could not be created, so it was not changed
  kInterrupted,        // apply --resume: a profile step cut off by a crash, done again
  kRestartRefused,     // rollback --restart: instance-store root or Auto Scaling member without --force
  kNotRunning,         // rollback --restart: the instance was not running, so it was not restarted
  kKeyNotFound,        // deactivate phase / its rollback: the user no longer holds the key (deleted since)
  kRoleNotCreated,     // apply: the instance's rolecall-<user> role could not be created, so it was not changed
  kNotFound,           // rollback: a role or instance profile the run created is already gone
  kAwaitingApproval,   // apply: a scrubbed launch template version not made the default without --make-template-default
  kRoleInTheWay,       // apply: a role of the planned rolecall-<user> name exists and is not this run's (never adopted)
};

// The name stored in the journal: "" for kNone, else e.g. "changed-elsewhere".
const char* to_string(StepReason reason);

// Parses a stored name; false when unknown (a newer rolecall's reason).
bool parse_step_reason(std::string_view text, StepReason& out);

// True when a skip with this reason leaves the instance not as the run meant it to be (a rollback
// that could not put it back, an apply kept from it by a role in the way): the run is partial (exit 4).
bool leaves_instance_unrestored(StepReason reason);

}  // namespace rolecall::remediate
