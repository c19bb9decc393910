#pragma once
// `plan --migrate-keys --least-privilege` (docs/remediation.md, "Least privilege"): a user's
// identity policies narrowed to the actions its keys were seen calling in CloudTrail. Each Allow
// statement keeps the seen actions it allows, with its own Resource, NotResource and Condition;
// each Deny statement is kept (widened to every resource, unconditionally, when it depends on who
// calls). Pure; checks/policy_containment.h proves the result within the user's policies.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "remediate/key_migration.h"
#include "rolecall/error.h"
#include "rolecall/key_intel.h"

namespace rolecall::remediate {

// The name of a least-privilege role's one inline policy.
inline constexpr const char* kLeastPrivilegePolicyName = "rolecall-least-privilege";

// What CloudTrail says one user's keys did.
struct SeenActions {
  std::set<std::string> actions;  // "service:Action", from every event of the keys, anywhere
  std::set<std::string> unknown;  // calls whose action is not known ("<eventSource> <eventName>"): never granted
  std::size_t events = 0;         // the events they come from
  std::string incomplete;         // why the evidence is missing or incomplete ("" when complete)
};

// A user's policies narrowed to the actions seen.
struct NarrowedPolicy {
  std::string document;                  // compact JSON, version 2012-10-17; Allow statements first
  std::vector<std::string> granted;      // seen actions it allows somewhere, sorted
  std::vector<std::string> not_granted;  // seen actions no Allow of the user's grants (or one that depends on the
                                         // caller only), or a Deny on every resource takes away, sorted
};

// Narrows `documents` (the user's identity policy documents, in a stable order: the statements keep
// it) to `seen`. Fails (kParse) when a document is malformed.
Result<NarrowedPolicy> narrow_user_policies(const std::vector<std::string>& documents,
                                            const std::set<std::string>& seen);

// The actions seen per key owner (account, user): every use in `evidence` of the keys that
// `keys_by_instance` holds or uses, whatever its source; blocked when the evidence was not
// read, some of it could not be (failed lookups of one of the user's keys, unreadable trail files):
// `incomplete` says so.
std::map<std::pair<std::string, std::string>, SeenActions> seen_actions_by_user(
    const KeyEvidence& evidence, const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance);

}  // namespace rolecall::remediate
