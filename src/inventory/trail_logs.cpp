#include "inventory/trail_logs.h"

#include <utility>

#include "inventory/trail_files.h"
#include "inventory/trail_s3.h"
#include "inventory/trail_window.h"

namespace rolecall::inventory {
namespace {

// s3://BUCKET/PREFIX with the session's own credentials (its profile or caller), whichever account owns the bucket.
Result<void> collect_trail_logs_s3_impl(aws::Session& session, const TrailLogsOptions& trail_logs,
                                        Inventory& inventory) {
  auto window = make_trail_window(trail_logs.since, trail_logs.until, session.clock().now());
  if (!window) return fail(window.error());
  auto location = aws::parse_s3_url(trail_logs.location, "--trail-logs");
  if (!location) return fail(location.error());
  TrailS3Options options;
  options.url = trail_logs.location;
  options.location = std::move(*location);
  options.window = std::move(*window);
  options.region = trail_logs.region;
  options.home_region = session.region().region;
  // The scan's own credentials (its profile or caller), whichever account owns the bucket.
  auto client = session.client(session.credentials(), "trail-logs");
  collect_trail_evidence_s3(session.loop(), *client, options, inventory);
  return {};
}

}  // namespace

Result<void> collect_trail_logs_dir(const base::Env& env, const TrailLogsOptions& trail_logs,
                                    std::chrono::system_clock::time_point now, Inventory& inventory) {
  auto window = make_trail_window(trail_logs.since, trail_logs.until, now);
  if (!window) return fail(window.error());
  TrailFilesOptions trail;
  trail.dir = trail_logs.location;
  trail.window = std::move(*window);
  return collect_trail_evidence(env, trail, inventory);
}

Result<void> collect_trail_logs(aws::Session& session, const TrailLogsOptions& trail_logs, Inventory& inventory) {
  if (aws::is_s3_url(trail_logs.location)) return collect_trail_logs_s3_impl(session, trail_logs, inventory);
  return collect_trail_logs_dir(session.env(), trail_logs, session.clock().now(), inventory);
}

}  // namespace rolecall::inventory
