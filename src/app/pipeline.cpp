#include "app/pipeline.h"

#include <functional>
#include <memory>
#include <optional>
#include <set>

#include "checks/chain.h"
#include "checks/key_intel.h"
#include "checks/key_use_match.h"
#include "checks/registry.h"
#include "inventory/collector.h"
#include "inventory/key_intel.h"
#include "inventory/key_use.h"
#include "inventory/scope.h"
#include "inventory/trail_logs.h"

namespace rolecall::app {

Result<Inventory> collect_live(aws::Session& session, const ScopeOptions& scope,
                               const std::vector<std::string>& regions, const DataNeeds& needs,
                               const ProgressCallback& on_progress, bool key_intel, checks::KeyScanCache* scans,
                               const TrailLogsOptions& trail_logs) {
  // The phases outside the collection report on top of where it is (the identities before it).
  auto last = std::make_shared<CollectProgress>();
  auto phase = [&](PhaseProgress CollectProgress::*which) -> std::function<void(const PhaseProgress&)> {
    if (!on_progress) return {};
    return [last, on_progress, which](const PhaseProgress& p) {
      (*last).*which = p;
      on_progress(*last);
    };
  };
  auto resolved = inventory::resolve_scope(session, scope, phase(&CollectProgress::identities));
  if (!resolved) return fail(resolved.error());
  inventory::CollectOptions options;
  options.needs = needs;
  options.regions = regions;
  options.discovery_region = session.region().region;
  if (on_progress) {
    options.on_progress = [last, on_progress](const CollectProgress& p) {
      const PhaseProgress identities = last->identities;  // the collector does not know them
      *last = p;
      last->identities = identities;
      on_progress(*last);
    };
  }
  Inventory collected = inventory::collect(session.loop(), resolved->targets, options);
  // The CloudTrail evidence looks up the found keys' owners first: it reads their accounts' trails.
  if (key_intel || needs.key_evidence) {
    auto ids = checks::key_ids_at_rest(collected, scans);
    if (!ids.empty()) {
      inventory::look_up_keys(session.loop(), resolved->targets, ids, session.region().region, collected,
                              phase(&CollectProgress::key_lookups));
    }
  }
  if (needs.key_evidence && !trail_logs.location.empty()) {
    if (auto read = inventory::collect_trail_logs(session, trail_logs, collected); !read) return fail(read.error());
  } else if (needs.key_evidence) {
    inventory::look_up_key_use(session.loop(), resolved->targets, session.clock().now(), collected, {},
                               phase(&CollectProgress::evidence));
  }
  return collected;
}

ScanResult judge_inventory(const Inventory& inventory, const std::vector<const checks::Check*>& selected,
                           const checks::CheckContext& context) {
  ScanResult result;
  std::optional<checks::KeyUseIndex> key_uses;
  checks::CheckContext with_uses = context;
  if (inventory.key_evidence.collected && with_uses.key_uses == nullptr)
    with_uses.key_uses = &key_uses.emplace(inventory);
  result.findings = checks::run_checks(inventory, selected, with_uses);
  for (const auto* c : selected) result.checks.emplace_back(c->info().id);
  result.stats = inventory_stats(inventory);
  return result;
}

ScanStats inventory_stats(const Inventory& inventory) {
  ScanStats stats;
  std::set<std::string> accounts;
  for (const auto& r : inventory.regions) {
    if (r.instances_error) continue;
    accounts.insert(r.account_id);
    ++stats.regions;
    for (const auto& i : r.instances) stats.instances += checks::in_scope(i) ? 1 : 0;
    stats.launch_templates += r.launch_templates.size();
  }
  stats.accounts = accounts.size();
  return stats;
}

}  // namespace rolecall::app
