#pragma once
// Collecting the raw inventory the way `rolecall scan` does, for `rolecall collect` and for scans
// that need the inventory afterwards (mutelist tag matching).

#include "aws/session.h"
#include "inventory/scan.h"

namespace rolecall::inventory {

// Resolves `options.scope` and collects what `needs` asks in `options.regions`, reporting progress
// through `options.on_progress`. Fails (kCredentials) only when no credentials work at all.
Result<Inventory> collect_estate(aws::Session& session, const ScanOptions& options, const checks::DataNeeds& needs);

}  // namespace rolecall::inventory
