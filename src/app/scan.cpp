// rolecall::scan and rolecall::scan_offline: one audit, two sources of the inventory.
#include <algorithm>
#include <chrono>

#include "app/pipeline.h"
#include "aws/s3_location.h"
#include "base/env.h"
#include "base/iso8601.h"
#include "checks/key_evidence.h"
#include "checks/registry.h"
#include "inventory/offline_load.h"
#include "inventory/trail_logs.h"

namespace rolecall {
namespace {

// Selects the checks, obtains the inventory from `load` (given what the checks need), judges it
// and times the whole run on `clock`. The inventory goes to `keep` when given.
template <typename Load>
Result<ScanResult> audit(const base::Clock& clock, const JudgeOptions& judge, Inventory* keep, Load&& load) {
  auto selected = checks::select_checks(judge.checks, judge.skip_checks);
  if (!selected) return fail(selected.error());
  const auto started = clock.monotonic();
  const std::string started_at = base::format_iso8601(clock.now());

  // The key lookups scan user data before judging; the key checks reuse those scans.
  checks::KeyScanCache scans("user-data");
  Result<Inventory> inventory = load(checks::needs_of(*selected), &scans);
  if (!inventory) return fail(inventory.error());

  checks::CheckContext context;
  context.key_scans = &scans;
  context.approved = judge.approved;
  context.now = clock.now();
  ScanResult result = app::judge_inventory(*inventory, *selected, context);
  result.started_at = started_at;
  result.finished_at = base::format_iso8601(clock.now());
  result.stats.seconds = std::chrono::duration<double>(clock.monotonic() - started).count();
  if (keep != nullptr) *keep = std::move(*inventory);
  return result;
}

// An inventory saved without the egress (AWS CLI output, or a collection by an older rolecall)
// cannot trace a NAT gateway's address to instances: say so rather than let them PASS.
void mark_missing_egress(Inventory& inventory) {
  for (auto& region : inventory.regions) {
    if (region.egress_collected || region.egress_error) continue;
    region.egress_error = Error::invalid_argument(
        "the offline input has no NAT gateways or route tables (collect again with this rolecall)");
  }
}

}  // namespace

Result<ScanResult> scan(aws::Session& session, const ScanOptions& options, Inventory* inventory) {
  return audit(session.clock(), options.judge, inventory, [&](const DataNeeds& needs, checks::KeyScanCache* scans) {
    // Only the key checks use key intelligence: no lookups when neither runs.
    bool key_checks = needs.user_data || needs.launch_templates;
    return app::collect_live(session, options.scope, options.regions, needs, options.on_progress,
                             options.key_intel && key_checks, scans, options.trail_logs);
  });
}

Result<ScanResult> scan_offline(const base::Env& env, const OfflineScanOptions& options, Inventory* inventory) {
  return audit(
      env.clock(), options.judge, inventory, [&](const DataNeeds& needs, checks::KeyScanCache*) -> Result<Inventory> {
        if (needs.key_evidence && options.trail_logs.location.empty()) {
          return fail(Error::invalid_argument(
              "key-in-use-from-instance reads CloudTrail live (cloudtrail:LookupEvents): offline it needs "
              "a trail's log files (--trail-logs DIR), or leave it out of --checks"));
        }
        auto loaded = inventory::load_offline(env, options.from, options.fallback_region);
        if (!loaded) {
          Error e = loaded.error();
          if (e.kind == ErrorKind::kIo)
            e.kind = ErrorKind::kInvalidArgument;  // an unreadable input file is a usage error
          return fail(std::move(e));
        }
        if (!options.regions.empty()) {
          const auto& keep = options.regions;
          std::erase_if(loaded->regions, [&](const RegionInventory& r) {
            return std::find(keep.begin(), keep.end(), r.region) == keep.end();
          });
        }
        if (needs.key_evidence) {
          mark_missing_egress(*loaded);
          if (aws::is_s3_url(options.trail_logs.location)) {
            if (options.session == nullptr)
              return fail(Error::invalid_argument("--trail-logs s3://: this scan has no AWS session"));
            if (auto read = inventory::collect_trail_logs(*options.session, options.trail_logs, *loaded); !read)
              return fail(read.error());
          } else if (auto read = inventory::collect_trail_logs_dir(env, options.trail_logs, env.clock().now(), *loaded);
                     !read) {
            return fail(read.error());
          }
        }
        return loaded;
      });
}

}  // namespace rolecall
