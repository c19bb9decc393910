#pragma once
// The audit's two steps, shared by every entry point (rolecall/scan.h, rolecall/collect.h): the
// live collection (scope -> inventory) and the judging (inventory -> findings, stats).

#include <chrono>
#include <string>
#include <vector>

#include "aws/session.h"
#include "base/env.h"
#include "checks/check.h"
#include "checks/key_evidence.h"
#include "rolecall/collect.h"
#include "rolecall/scan.h"

namespace rolecall::app {

// Resolves `scope` and collects what `needs` asks in `regions` (empty: every enabled region),
// reporting progress through `on_progress`; with `key_intel`, then looks up the key ids found at
// rest (checks::key_ids_at_rest) into Inventory::key_intel. Fails (kCredentials) only when no
// credentials work at all; every other failure is recorded in the inventory. The user data scans
// the lookups make go to `scans` when given (the key checks reuse them; see checks::KeyScanCache
// for what keeps its keys valid). With needs.key_evidence the evidence comes from CloudTrail's
// LookupEvents, or from the trail log files of `trail_logs` when it names them (no CloudTrail call).
Result<Inventory> collect_live(aws::Session& session, const ScopeOptions& scope,
                               const std::vector<std::string>& regions, const DataNeeds& needs,
                               const ProgressCallback& on_progress, bool key_intel = false,
                               checks::KeyScanCache* scans = nullptr, const TrailLogsOptions& trail_logs = {});

// Judges a collected inventory with `checks`: findings, the checks' ids and the totals (no timestamps).
ScanResult judge_inventory(const Inventory& inventory, const std::vector<const checks::Check*>& checks,
                           const checks::CheckContext& context);

// The totals of a collected inventory (no seconds): accounts, regions read, in-scope instances, templates.
ScanStats inventory_stats(const Inventory& inventory);

}  // namespace rolecall::app
