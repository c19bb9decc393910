#pragma once
// Every long-term access key the scanned accounts' IAM users hold (iam:ListUsers, iam:ListAccessKeys,
// iam:GetAccessKeyLastUsed), so that CloudTrail evidence also covers keys nobody left at rest: a
// key used from an instance is a finding even when it was never found on one.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "inventory/collector.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// The keys of every user of each reachable target, except those in `known`, with their state,
// owner, user, creation and last use, by running `loop`. An account whose users or keys cannot be
// listed (or a key whose last use cannot be read) adds one ScopeError to `errors` per account and
// operation and counts in `failures`: evidence is then incomplete.
std::map<std::string, KeyIntel> list_account_keys(aws::EventLoop& loop, const std::vector<AccountTarget>& targets,
                                                  const std::map<std::string, KeyIntel>& known,
                                                  std::vector<ScopeError>& errors, std::size_t& failures);

// The same on a loop that is already running, for callers with other work on it: `on_key` hears each
// key as soon as its last use is in, `done` once every listing has finished; `targets`, `known`,
// `errors` and `failures` must outlive that.
void list_account_keys_async(const std::vector<AccountTarget>& targets, const std::map<std::string, KeyIntel>& known,
                             std::function<void(const std::string& id, const KeyIntel& intel)> on_key,
                             std::function<void()> done, std::vector<ScopeError>& errors, std::size_t& failures);

}  // namespace rolecall::inventory
