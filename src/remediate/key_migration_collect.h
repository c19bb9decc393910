#pragma once
// `plan --migrate-keys`: the live lookups a key migration is planned from (key intelligence of the
// keys at rest, CloudTrail evidence from LookupEvents or trail log files), then key_migration.h.

#include "aws/session.h"
#include "inventory/scope.h"
#include "remediate/key_migration.h"
#include "remediate/plan_build.h"

namespace rolecall::remediate {

// Looks up what `inventory` needs (adding to it) and finds the migration among the scope's accounts.
// Fails only when options.trail_logs cannot be walked.
Result<KeyMigration> gather_key_migration(aws::Session& session, const inventory::Scope& scope,
                                          const PlanBuildOptions& options, Inventory& inventory);

}  // namespace rolecall::remediate
