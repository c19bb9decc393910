#pragma once
// Step 3 of a key migration, before the deactivate phase retires a key: CloudTrail since the
// migration run finished shows no call made with the key (anywhere: a workload the plan did not move
// would break), and shows each of its instances calling AWS through its role (a role session named
// after the instance id, as EC2 names the sessions of instance profile credentials). Reads only
// (cloudtrail:LookupEvents, one page per question).

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "remediate/apply.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Where an instance lives (its account's trail holds its role session's calls).
struct InstancePlace {
  std::string account_id;
  std::string region;
};

// What CloudTrail says about one key since the migration.
struct KeyConfirmation {
  std::string still_used;  // non-empty: calls were made with the key since: "3 calls since T, last ..."
  std::vector<std::string> silent_instances;  // instances whose role session made no call since
  std::string error;                          // a lookup failed: why (nothing is confirmed then)
  // Step 3 holds: no use of the key, every instance seen calling through its role.
  bool moved() const { return still_used.empty() && silent_instances.empty() && error.empty(); }
};

// Asks CloudTrail about `key` (whose live id is `key_id`; never stored or shown) since `since`: its
// calls in its owner account, in each region of `regions` (where its instances run, plus us-east-1
// for global services), and each instance's role session calls in its own account and region.
KeyConfirmation confirm_key_moved(aws::EventLoop& loop, const Callers& callers, const KeyToRetire& key,
                                  const std::string& key_id, const std::map<std::string, InstancePlace>& places,
                                  const std::vector<std::string>& regions, std::chrono::system_clock::time_point since);

}  // namespace rolecall::remediate
