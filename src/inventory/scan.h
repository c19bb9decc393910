#pragma once
// The audit end to end: resolve the scope, collect what the chosen checks need, judge it.

#include <functional>
#include <string>
#include <vector>

#include "aws/session.h"
#include "checks/check.h"
#include "inventory/collector.h"
#include "inventory/scope.h"
#include "rolecall/scan.h"

namespace rolecall::inventory {

// What to scan and how to judge it.
struct ScanOptions {
  ScopeOptions scope;
  std::vector<std::string> regions;      // --regions; empty: every enabled region
  std::vector<std::string> checks;       // --checks; empty: every default-enabled check
  std::vector<std::string> skip_checks;  // --skip-checks
  checks::CheckContext context;          // approved profiles, ...
  std::function<void(const CollectProgress&)> on_progress;
};

// Runs the audit. Fails with kInvalidArgument for unknown check ids and kCredentials when no
// credentials work at all; every other failure is an ERROR finding inside the result.
Result<ScanResult> run_scan(aws::Session& session, const ScanOptions& options);

// Judges an already collected inventory (offline audits, tests): checks, stats, timestamps.
ScanResult judge_inventory(const Inventory& inventory, const std::vector<const checks::Check*>& checks,
                           const checks::CheckContext& context);

// The clock's time as ISO 8601 UTC ("2026-11-24T03:04:05Z").
std::string iso8601_now(const base::Clock& clock);

}  // namespace rolecall::inventory
