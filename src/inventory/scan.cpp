#include "inventory/scan.h"

#include <chrono>
#include <set>

#include "base/iso8601.h"
#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::inventory {

std::string iso8601_now(const base::Clock& clock) { return base::format_iso8601(clock.now()); }

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

Result<ScanResult> run_scan(aws::Session& session, const ScanOptions& options) {
  auto selected = checks::select_checks(options.checks, options.skip_checks);
  if (!selected) return fail(selected.error());
  const base::Clock& clock = session.clock();
  const auto started = clock.monotonic();
  const std::string started_at = iso8601_now(clock);

  auto scope = resolve_scope(session, options.scope);
  if (!scope) return fail(scope.error());

  CollectOptions collect_options;
  collect_options.needs = checks::needs_of(*selected);
  collect_options.regions = options.regions;
  collect_options.discovery_region = session.region().region;
  collect_options.on_progress = options.on_progress;
  Inventory inventory = collect(session.loop(), scope->targets, collect_options);

  ScanResult result = judge_inventory(inventory, *selected, options.context);
  result.started_at = started_at;
  result.finished_at = iso8601_now(clock);
  result.stats.seconds = std::chrono::duration<double>(clock.monotonic() - started).count();
  return result;
}

}  // namespace rolecall::inventory
