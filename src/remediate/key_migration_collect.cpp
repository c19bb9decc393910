#include "remediate/key_migration_collect.h"

#include <optional>
#include <set>

#include "checks/key_intel.h"
#include "inventory/key_intel.h"
#include "inventory/key_use.h"
#include "inventory/trail_logs.h"

namespace rolecall::remediate {

Result<KeyMigration> gather_key_migration(aws::Session& session, const inventory::Scope& scope,
                                          const PlanBuildOptions& options, Inventory& inventory) {
  checks::KeyScanCache scans("user-data");
  if (auto ids = checks::key_ids_at_rest(inventory, &scans); !ids.empty()) {
    inventory::look_up_keys(session.loop(), scope.targets, ids, session.region().region, inventory);
  }
  if (!options.trail_logs.location.empty()) {
    if (auto read = inventory::collect_trail_logs(session, options.trail_logs, inventory); !read)
      return fail(read.error());
  } else if (options.key_evidence || options.least_privilege) {
    inventory::look_up_key_use(session.loop(), scope.targets, session.clock().now(), inventory);
  }
  std::set<std::string> accounts;
  for (const auto& t : scope.targets) {
    if (t.caller != nullptr) accounts.insert(t.account_id);
  }
  std::optional<checks::KeyUseIndex> uses;
  if (inventory.key_evidence.collected) uses.emplace(inventory);
  return find_key_migration(inventory, uses ? &*uses : nullptr, scans, accounts);
}

}  // namespace rolecall::remediate
