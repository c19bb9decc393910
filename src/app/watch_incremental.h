#pragma once
// `rolecall watch`'s incremental re-audit (docs/watch.md, "What it audits again"): from a poll's
// events, what to collect again (the named instances, launch templates, an account's IAM) and
// which verdicts depend on it; the watch's kept inventory is patched with what was collected and
// only those resources are judged again. Events whose resources are unknown are audited by account
// and region, as a scan.

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "aws/session.h"
#include "checks/check.h"
#include "inventory/change_events.h"
#include "inventory/collector.h"
#include "rolecall/error.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"

namespace rolecall::app {

using RegionKey = std::pair<std::string, std::string>;                  // account, region
using ResourceKey = std::tuple<std::string, std::string, std::string>;  // account, region, resource id
using AccountRegions = std::map<std::string, std::set<std::string>>;    // regions by account

// What changed in one account's IAM, by name.
struct IamChange {
  std::set<std::string> roles;     // role names
  std::set<std::string> policies;  // managed policy ARNs
  std::set<std::string> profiles;  // instance profile names
};

// What a poll's events ask to collect and judge again.
struct ReauditPlan {
  std::map<RegionKey, std::set<std::string>> instances;  // instance ids to collect again
  std::map<RegionKey, std::set<std::string>> templates;  // launch template ids to collect again
  std::map<std::string, IamChange> iam;                  // by account: its IAM is collected again
  std::map<std::string, std::set<std::string>> keys;     // by account: key ids whose intel is looked up again
  AccountRegions whole;                                  // audited by account and region (scan)
  bool incremental() const { return !instances.empty() || !templates.empty() || !iam.empty() || !keys.empty(); }
};

// Sorts `events` into a plan against `kept` (the inventory the verdicts came from): resources it
// can patch go to instances/templates/iam; an access key's change (UpdateAccessKey,
// DeleteAccessKey) naming a key `kept` looked up goes to keys (add_key_holders adds where it sits),
// one naming a key nothing holds at rest, or a new key, turns no verdict and is dropped; an event
// whose resources are unknown, a key change while CloudTrail key evidence is kept, or one in a
// region or account `kept` could not read goes to `whole` (a global event: every region of
// `watched` of its account), and so does everything else of an account that has any. Without
// `incremental`, every event goes to `whole`.
ReauditPlan plan_reaudit(const std::vector<const inventory::ChangeEvent*>& events, const Inventory& kept,
                         const AccountRegions& watched, bool incremental = true);

// Adds to `plan` the instances and launch templates whose key findings (`verdicts`: the verdicts
// now) name one of `plan.keys` (the redacted id, in the finding's key or its key intel): collected
// and judged again with that key's intel looked up anew.
void add_key_holders(ReauditPlan& plan, const std::vector<const Finding*>& verdicts);

// What an incremental re-audit judged.
struct IncrementalAudit {
  std::vector<Finding> findings;        // the verdicts of `resources` now (sorted)
  std::set<ResourceKey> resources;      // every resource judged again (a verdict of them not in findings is gone)
  std::size_t collected_instances = 0;  // instances DescribeInstances returned
};

// Collects what `plan` names (instances, templates, IAM), and only when all of it was read patches
// `kept` with it and judges again the resources depending on it with `checks`. A collection that
// fails leaves `kept` as it was and fails (the caller audits those accounts and regions whole).
Result<IncrementalAudit> reaudit_incrementally(aws::Session& session,
                                               const std::vector<inventory::AccountTarget>& targets,
                                               const ReauditPlan& plan, const std::vector<const checks::Check*>& checks,
                                               const checks::CheckContext& context, bool key_intel, Inventory& kept);

// Replaces what `kept` holds of the accounts and regions `fresh` covers (a re-audit's scan) by it.
void patch_whole(Inventory& kept, Inventory&& fresh);

}  // namespace rolecall::app
