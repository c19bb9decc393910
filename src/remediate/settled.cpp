// Journaling steps decided without an AWS call.
#include "remediate/settled.h"

namespace rolecall::remediate {

Result<void> journal_settled(Journal& journal, const std::vector<Settled>& settled) {
  if (settled.empty()) return {};
  std::vector<StepRecord> steps;
  steps.reserve(settled.size());
  for (const auto& s : settled) steps.push_back(s.step);
  auto seqs = journal.record_intents(steps);
  if (!seqs) return fail(seqs.error());
  std::vector<StepOutcome> outcomes;
  outcomes.reserve(settled.size());
  for (std::size_t i = 0; i < settled.size(); ++i) {
    outcomes.push_back(
        {settled[i].step.run_id, (*seqs)[i], settled[i].status, "", settled[i].why, "", settled[i].reason});
  }
  return journal.record_outcomes(outcomes);
}

}  // namespace rolecall::remediate
