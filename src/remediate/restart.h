#pragma once
// rollback --restart: stop and start instances so applications pick up their (restored)
// credentials, journaled as "stop"/"start" steps. Instances with instance-store root volumes (their
// data would be lost) and Auto Scaling group members (the group may replace them) are refused
// unless forced.

#include <chrono>
#include <string>
#include <vector>

#include "remediate/apply.h"
#include "remediate/journal.h"
#include "remediate/live_state.h"

namespace rolecall::remediate {

// One instance to restart.
struct RestartTarget {
  std::string instance_id;
  std::string account_id;
  std::string region;
  LiveInstance live;  // for the refusal rules and the current state
};

// Restart settings.
struct RestartOptions {
  bool force = false;       // also instance-store roots and Auto Scaling members
  int wait_attempts = 120;  // state polls before giving up
  std::chrono::milliseconds wait_interval{5000};
};

// Why `target` must not be restarted without --force ("" when it may be).
std::string restart_refusal(const RestartTarget& target);

// Stops then starts every target (runs `loop`), journaling steps into `run_id`; each instance
// waits for `stopped` then `running`. Fails only on a journal error.
Result<void> restart_instances(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                               const std::string& run_id, const std::vector<RestartTarget>& targets,
                               const RestartOptions& options);

}  // namespace rolecall::remediate
