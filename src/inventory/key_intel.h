#pragma once
// Key intelligence lookups: for each access key id found at rest, its owner account
// (sts:GetAccessKeyInfo with the scanning credentials) and, when that account is in scope, its user,
// last use (iam:GetAccessKeyLastUsed) and status and creation (iam:ListAccessKeys) through that
// account's credentials. Only key ids are sent; a found secret is never used.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "inventory/collector.h"
#include "rolecall/collect.h"
#include "rolecall/key_intel.h"

namespace rolecall::inventory {

// Looks up every id of `key_ids` once into `inventory.key_intel`, running `loop` until all answers
// are in. GetAccessKeyInfo goes through the first reachable target in `sts_region`; an owner among
// `targets` is "in scope". A failed lookup is a KeyIntel with state kUnknown and its error, and
// also a ScopeError of the account whose call failed (one per account and operation, naming the
// redacted key ids), so the scan reports itself incomplete: a failed call is never hidden.
// `on_progress`, when given, hears each key settle (done out of key_ids.size()).
void look_up_keys(aws::EventLoop& loop, const std::vector<AccountTarget>& targets, const std::set<std::string>& key_ids,
                  const std::string& sts_region, Inventory& inventory,
                  const std::function<void(const PhaseProgress&)>& on_progress = {});

}  // namespace rolecall::inventory
