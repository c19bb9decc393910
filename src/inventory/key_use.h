#pragma once
// Runtime evidence of long-term key use: for each key id found at rest whose owner account is in
// scope, its CloudTrail management events (cloudtrail:LookupEvents by AccessKeyId) in every
// collected region of that account, paced to AWS's limit of 2 requests per second per account and
// region, and aggregated into Inventory::key_evidence. Only key ids are sent; no secret is used.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/event_loop.h"
#include "inventory/collector.h"
#include "rolecall/collect.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// How the lookups are paced and how far back they look.
struct KeyUseOptions {
  // One request per account and region at most this often ("LookupEvents ... 2 requests per
  // second per account per region"), with 1% slack so that arrival jitter is not a throttle.
  std::chrono::milliseconds pace{505};
  // Pages a lane sends at once before pacing: a token bucket refilled at 2/s starts with 2 tokens.
  int burst = 2;
  int window_days = 90;  // CloudTrail keeps 90 days of management events for LookupEvents
  // Also every key the targets' IAM users hold (iam:ListUsers, ListAccessKeys, GetAccessKeyLastUsed),
  // not only the keys found at rest: a key used from an instance is a finding wherever it was kept.
  bool all_users = true;
};

// A use of `key_id` in `region` from `source_ip` (through `vpc_endpoint_id`, "" when none), its
// calls not counted yet. Shared with the trail log files, so both group calls the same way.
KeyUse new_key_use(std::string_view key_id, std::string_view owner_account, std::string_view region,
                   std::string_view source_ip, std::string_view vpc_endpoint_id);

// Counts one call in `use`: its user when still unknown, first and last seen (ISO 8601 text, whose
// order is time order), the distinct event names, user agents and IAM actions (from `event_source`
// and `event_name`); the first call of a use sets first_seen and last_seen itself. Shared with the
// trail log files (inventory/trail_files.h).
void count_key_call(KeyUse& use, std::string_view user, std::string_view event_time, std::string_view event_source,
                    std::string_view event_name, std::string_view user_agent);

// Adds `from`'s calls to `into` (the same use, counted apart, e.g. by another thread).
void merge_key_use(KeyUse& into, const KeyUse& from);

// Looks up the events of every key in `inventory.key_intel` (filled by look_up_keys first) and, with
// options.all_users, of every other key the targets' users hold, owned by one of `targets`, in the regions `inventory`
// holds for that account, over the window ending at `now`, and fills `inventory.key_evidence`. Keys
// GetAccessKeyLastUsed shows unused within the window are skipped (nothing to read); keys whose use is unknown
// (deleted, failed lookup) are read. A failed lookup adds one ScopeError per account, region and error kind, naming the
// redacted keys, and counts in key_evidence.failed_lookups.
// `on_progress`, when given, hears each page read (done out of the pages known so far).
void look_up_key_use(aws::EventLoop& loop, const std::vector<AccountTarget>& targets,
                     std::chrono::system_clock::time_point now, Inventory& inventory, const KeyUseOptions& options = {},
                     const std::function<void(const PhaseProgress&)>& on_progress = {});

}  // namespace rolecall::inventory
