#include "inventory/offline_collect.h"

namespace rolecall::inventory {

Result<Inventory> collect_estate(aws::Session& session, const ScanOptions& options, const checks::DataNeeds& needs) {
  auto scope = resolve_scope(session, options.scope);
  if (!scope) return fail(scope.error());
  CollectOptions collect_options;
  collect_options.needs = needs;
  collect_options.regions = options.regions;
  collect_options.discovery_region = session.region().region;
  collect_options.on_progress = options.on_progress;
  return collect(session.loop(), scope->targets, collect_options);
}

}  // namespace rolecall::inventory
