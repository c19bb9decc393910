#pragma once
// Key migration (`plan --migrate-keys`, docs/remediation.md "Key migration"): which instances hold a
// long-term key of an in-scope IAM user at rest (their user data) or were seen calling AWS with one
// from their own address (CloudTrail evidence matched exactly), and which keys the deactivate phase
// may retire once those instances run on a role. Pure: the lookups happen in plan_build.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "checks/key_evidence.h"
#include "checks/key_use_match.h"
#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// One key an instance holds or uses. Never printed: the full id is for hashing only.
struct InstanceKey {
  std::string key_id;  // full id (hashed into KeyToRetire::key_sha256; never shown, stored or logged)
  std::string key_id_redacted;
  std::string owner_account;
  std::string user;
  std::string evidence;  // "user data of i-... (user-data > line 3)", "used from i-... (public IP 54.1.2.3)"
};

// What a migration moves and retires.
struct KeyMigration {
  std::map<std::string, std::vector<InstanceKey>> by_instance;  // instance id -> the in-scope keys it holds or uses
  std::vector<KeyToRetire> retire;                              // sorted by account, user, redacted key id
  std::vector<std::string> warnings;  // keys left out: deleted, another account's, unknown, ambiguous use
};

// Finds the migration in `inventory`: the user data of every in-scope instance (scanned through
// `scans`), `inventory.key_intel` for owners and status, and, when `uses` is given, the CloudTrail
// evidence. A key counts when its owner is one of `scope_accounts` and its user is known. A key also
// used from outside the estate, or through a NAT gateway several instances share, is still
// planned but its retirement is blocked with the reason (retiring it would break a workload the
// plan does not move).
KeyMigration find_key_migration(const Inventory& inventory, const checks::KeyUseIndex* uses,
                                checks::KeyScanCache& scans, const std::set<std::string>& scope_accounts);

// "holds AKIA…WXYZ (user deploy, account 111122223333) in its user data; uses ..." for an action's reason.
std::string migration_reason(const std::vector<InstanceKey>& keys);

// Blocks each of `plan.retire_keys` one of whose instances the plan does not move onto a role (its
// action is blocked, or missing): retiring the key would break that instance. Keys already blocked
// keep their reason.
void settle_retirements(Plan& plan);

}  // namespace rolecall::remediate
