#pragma once
// `rolecall collect`: the live collection of an estate's raw inventory into a directory (the
// offline store) that `rolecall::scan_offline` audits later without calling AWS.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/scope.h"

namespace rolecall {

namespace aws {
class Session;
}  // namespace aws

// Where key-in-use-from-instance reads a trail's log files, and which of their events count.
struct TrailLogsOptions {
  std::string location;  // a directory (`aws s3 sync` of a trail's bucket) or s3://BUCKET/PREFIX; empty: none
  std::string since;     // --trail-since: a date, ISO 8601 time or duration back ("30d"); empty: 90 days before until
  std::string until;     // --trail-until, the same forms; empty: now
  std::string region;    // --trail-logs-region: the bucket's region; empty: s3:GetBucketLocation
};

// Work of one phase: done out of total (the total grows as the phase discovers work).
struct PhaseProgress {
  std::size_t done = 0;
  std::size_t total = 0;
};

// Progress counters of a live collection, reported as work completes (on the event-loop thread).
struct CollectProgress {
  std::size_t accounts_total = 0;
  std::size_t accounts_done = 0;  // IAM and every region finished
  std::size_t regions_total = 0;  // known once region discovery finished
  std::size_t regions_done = 0;   // instances listed and every follow-up read of the region finished
  std::size_t instances_seen = 0;
  std::size_t requests_in_flight = 0;
  // The phases, each with its own pace (AWS throttles them apart).
  PhaseProgress identities;        // accounts reached through a role (AssumeRole, before the collection)
  PhaseProgress iam;               // accounts whose IAM was read
  PhaseProgress instances;         // regions whose instances were listed
  PhaseProgress user_data;         // instances whose user data was read (DescribeInstanceAttribute)
  PhaseProgress launch_templates;  // regions whose launch templates were read
  PhaseProgress key_lookups;       // key ids found at rest looked up (sts:GetAccessKeyInfo and IAM)
  PhaseProgress evidence;          // cloudtrail:LookupEvents pages read (2/s per account and region)
};

// Called with the collection's progress; may be empty.
using ProgressCallback = std::function<void(const CollectProgress&)>;

// What to collect and where to save it.
struct CollectOptions {
  ScopeOptions scope;
  std::vector<std::string> regions;  // empty: every enabled region of each account
  std::string out;                   // new (or empty) directory the offline store is written into
  std::string tool_version;          // recorded in the store's manifest
  ProgressCallback on_progress;
};

// What a collection saved.
struct Collection {
  Inventory inventory;             // what was collected, including the scopes and regions that failed
  std::vector<std::string> files;  // the files written, manifest last
};

// Resolves the scope, collects everything any check may need and writes it into `options.out`
// (mode 0700; it may hold secrets from user data). Fails with kCredentials when no credentials
// work at all, or with the write's error; an unreachable account or region is recorded in the
// inventory and the rest is saved.
Result<Collection> collect(aws::Session& session, const CollectOptions& options);

}  // namespace rolecall
