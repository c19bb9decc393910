#pragma once
// The backout of a run's launch template fixes: each group the run moved goes back to the version
// it launched, each template's default goes back, and the version the run made is deleted (so a
// group on $Latest launches what it did before) — each only where it is still as the run left it;
// what someone else changed since is left alone and said so.

#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/journal.h"

namespace rolecall::remediate {

// The template steps of a run that may have changed something, in the order they were made.
std::vector<StepRecord> template_steps_to_undo(const std::vector<StepRecord>& steps);

// Undoes `steps` (template_steps_to_undo of the parent run) in run `run_id`, newest first (runs
// `loop`). Fails only on a journal error; AWS failures are journaled as failed steps.
Result<void> rollback_templates(aws::EventLoop& loop, Journal& journal,
                                const std::map<std::string, aws::AwsCaller*>& callers, const std::string& run_id,
                                const std::vector<StepRecord>& steps);

}  // namespace rolecall::remediate
