#pragma once
// Collects the estate: for each account, IAM in bulk and, per region, instances, user data and
// launch templates — all asynchronously on one event loop, bounded by AWS, not by us.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "rolecall/collect.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// One account to collect, reached through `caller` (its credentials).
struct AccountTarget {
  std::string account_id;
  std::string label;                 // for messages: profile name, account name
  aws::AwsCaller* caller = nullptr;  // nullptr when the account could not be reached (see error)
  std::optional<Error> error;        // why the account could not be reached (e.g. AssumeRole denied)
  std::string partition = "aws";
  std::string name;  // Organizations' name for the account (--org); empty: the IAM alias is asked for
};

// Progress counters, reported as work completes (on the loop thread); public in rolecall/collect.h.
using rolecall::CollectProgress;

// What a named-only collection reads in one account+region.
struct NamedResources {
  std::vector<std::string> instance_ids;         // DescribeInstances by id; none when empty
  std::vector<std::string> launch_template_ids;  // none when empty
};

// What to collect and how hard to push.
struct CollectOptions {
  DataNeeds needs;
  std::vector<std::string> regions;                     // empty: every enabled region of each account (DescribeRegions)
  bool iam_only = false;                                // with needs.iam: no region at all (apply's re-judging)
  std::string discovery_region = "us-east-1";           // where DescribeRegions is asked
  std::size_t max_user_data_in_flight = 512;            // DescribeInstanceAttribute calls outstanding at once
  std::size_t max_user_data_in_flight_per_region = 16;  // ... of which for one account + region (one EC2 bucket)
  int describe_page_size = 1000;                        // DescribeInstances MaxResults
  // ... of a region's first page when user data is read: its reads start while the rest is listed.
  int describe_first_page_size = 100;
  std::function<void(const CollectProgress&)> on_progress;  // optional
  // Only named resources (rolecall watch's re-collection): in each account, the regions `named`
  // holds for it (`regions` is not read), all side by side, and in each only what it names.
  bool named_only = false;
  std::map<std::pair<std::string, std::string>, NamedResources> named;  // by account, region
};

// Collects every target into one Inventory by running `loop` until all work is done. Failures
// never abort the collection: an unreachable account or region becomes a ScopeError or a region
// error; failed IAM reads set AccountInventory::iam_error; failed user-data reads set
// Instance::user_data_error. Instances in terminated or shutting-down state are not collected.
Inventory collect(aws::EventLoop& loop, const std::vector<AccountTarget>& targets, const CollectOptions& options);

}  // namespace rolecall::inventory
