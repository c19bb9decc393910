// rolecall::collect: the collection half of a live scan, saved as an offline store.
#include "app/pipeline.h"
#include "base/iso8601.h"
#include "checks/registry.h"
#include "inventory/offline_store.h"

namespace rolecall {

Result<Collection> collect(aws::Session& session, const CollectOptions& options) {
  const std::string collected_at = base::format_iso8601(session.clock().now());
  // Everything any check may need, except CloudTrail evidence: not part of an offline store (an
  // offline scan reads trail log files), though the egress that traces its addresses is.
  DataNeeds needs = checks::needs_of(checks::all_checks());
  needs.egress = needs.key_evidence;
  needs.key_evidence = false;
  auto inventory = app::collect_live(session, options.scope, options.regions, needs, options.on_progress);
  if (!inventory) return fail(inventory.error());
  auto files = inventory::write_inventory_dir(session.env(), *inventory, options.out,
                                              {collected_at, needs, options.regions, options.tool_version});
  if (!files) return fail(files.error());
  return Collection{std::move(*inventory), std::move(*files)};
}

}  // namespace rolecall
