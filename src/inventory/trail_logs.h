#pragma once
// A trail's log files as key evidence, wherever they are: a directory (`aws s3 sync` of the
// trail's bucket, inventory/trail_files.h) or s3://BUCKET/PREFIX read with the session's own
// credentials (inventory/trail_s3.h), within the --trail-since/--trail-until window
// (inventory/trail_window.h). Shared by scan (live and offline) and plan --migrate-keys.

#include "aws/session.h"
#include "rolecall/collect.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Reads the trail log files of `trail_logs` into `inventory.key_evidence` within its window (ending
// at the session clock's now by default). kInvalidArgument for a window or URL that cannot be read, or
// a location that is not a directory; unreadable files, buckets and objects are scope errors.
Result<void> collect_trail_logs(aws::Session& session, const TrailLogsOptions& trail_logs, Inventory& inventory);

// The directory form alone, for audits without a session (offline scans of a local directory).
Result<void> collect_trail_logs_dir(const base::Env& env, const TrailLogsOptions& trail_logs,
                                    std::chrono::system_clock::time_point now, Inventory& inventory);

}  // namespace rolecall::inventory
