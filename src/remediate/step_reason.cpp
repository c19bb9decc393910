// The stored names of StepReason. Never rename one: journals on disk hold them.
#include "remediate/step_reason.h"

namespace rolecall::remediate {
namespace {

constexpr StepReason kAll[] = {
    StepReason::kNone,
    StepReason::kPlannedSkip,
    StepReason::kBlocked,
    StepReason::kDryRun,
    StepReason::kInstanceNotFound,
    StepReason::kAlreadyOnTarget,
    StepReason::kAlreadyRestored,
    StepReason::kChangedElsewhere,
    StepReason::kProfileDeleted,
    StepReason::kProfileNotCreated,
    StepReason::kInterrupted,
    StepReason::kRestartRefused,
    StepReason::kNotRunning,
    StepReason::kKeyNotFound,
    StepReason::kRoleNotCreated,
    StepReason::kNotFound,
    StepReason::kAwaitingApproval,
    StepReason::kRoleInTheWay,
};

}  // namespace

const char* to_string(StepReason reason) {
  switch (reason) {
    case StepReason::kNone: return "";
    case StepReason::kPlannedSkip: return "planned-skip";
    case StepReason::kBlocked: return "blocked";
    case StepReason::kDryRun: return "dry-run";
    case StepReason::kInstanceNotFound: return "instance-not-found";
    case StepReason::kAlreadyOnTarget: return "already-on-target";
    case StepReason::kAlreadyRestored: return "already-restored";
    case StepReason::kChangedElsewhere: return "changed-elsewhere";
    case StepReason::kProfileDeleted: return "profile-deleted";
    case StepReason::kProfileNotCreated: return "profile-not-created";
    case StepReason::kInterrupted: return "interrupted";
    case StepReason::kRestartRefused: return "restart-refused";
    case StepReason::kNotRunning: return "not-running";
    case StepReason::kKeyNotFound: return "key-not-found";
    case StepReason::kRoleNotCreated: return "role-not-created";
    case StepReason::kNotFound: return "not-found";
    case StepReason::kAwaitingApproval: return "awaiting-approval";
    case StepReason::kRoleInTheWay: return "role-in-the-way";
  }
  return "unknown";
}

bool parse_step_reason(std::string_view text, StepReason& out) {
  for (StepReason r : kAll) {
    if (text == to_string(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

bool leaves_instance_unrestored(StepReason reason) {
  return reason == StepReason::kChangedElsewhere || reason == StepReason::kProfileDeleted ||
         reason == StepReason::kKeyNotFound || reason == StepReason::kRoleInTheWay;
}

}  // namespace rolecall::remediate
