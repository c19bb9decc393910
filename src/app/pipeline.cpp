#include "app/pipeline.h"

#include <set>

#include "checks/chain.h"
#include "checks/key_intel.h"
#include "checks/registry.h"
#include "inventory/collector.h"
#include "inventory/key_intel.h"
#include "inventory/scope.h"

namespace rolecall::app {

Result<Inventory> collect_live(aws::Session& session, const ScopeOptions& scope,
                               const std::vector<std::string>& regions, const DataNeeds& needs,
                               const ProgressCallback& on_progress, bool key_intel, checks::KeyScanCache* scans) {
  auto resolved = inventory::resolve_scope(session, scope);
  if (!resolved) return fail(resolved.error());
  inventory::CollectOptions options;
  options.needs = needs;
  options.regions = regions;
  options.discovery_region = session.region().region;
  options.on_progress = on_progress;
  Inventory collected = inventory::collect(session.loop(), resolved->targets, options);
  if (key_intel) {
    auto ids = checks::key_ids_at_rest(collected, scans);
    if (!ids.empty()) {
      inventory::look_up_keys(session.loop(), resolved->targets, ids, session.region().region, collected);
    }
  }
  return collected;
}

ScanResult judge_inventory(const Inventory& inventory, const std::vector<const checks::Check*>& selected,
                           const checks::CheckContext& context) {
  ScanResult result;
  result.findings = checks::run_checks(inventory, selected, context);
  for (const auto* c : selected) result.checks.emplace_back(c->info().id);
  std::set<std::string> accounts;
  for (const auto& r : inventory.regions) {
    if (r.instances_error) continue;
    accounts.insert(r.account_id);
    ++result.stats.regions;
    for (const auto& i : r.instances) result.stats.instances += checks::in_scope(i) ? 1 : 0;
    result.stats.launch_templates += r.launch_templates.size();
  }
  result.stats.accounts = accounts.size();
  return result;
}

}  // namespace rolecall::app
