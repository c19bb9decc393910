#pragma once
// Steps that are final as soon as they are decided (a planned skip, a refusal, a dry run): the
// intent and the outcome are journaled together.

#include <vector>

#include "remediate/journal.h"

namespace rolecall::remediate {

// One step decided without an AWS call.
struct Settled {
  StepRecord step;
  StepStatus status = StepStatus::kSkipped;
  StepReason reason = StepReason::kNone;  // journaled with the outcome; decides the exit code
  std::string why;                        // for people
};

// Journals every settled step (intents then outcomes, one transaction each).
Result<void> journal_settled(Journal& journal, const std::vector<Settled>& settled);

}  // namespace rolecall::remediate
