#pragma once
// The changes `rolecall watch` reacts to: CloudTrail management events that can change a verdict
// (an instance launched or started, its profile or metadata options changed, a launch template
// version, a role's policies or trust, an instance profile's role, an access key), read with
// cloudtrail:LookupEvents (ReadOnly=false) per account and region.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "inventory/change_resources.h"
#include "rolecall/error.h"

namespace rolecall::inventory {

// Whether a call named `event_name` can change a verdict of rolecall's checks.
bool changes_verdicts(std::string_view event_name);

// Whether `event_source` ("iam.amazonaws.com") is a global service: its events are recorded in
// us-east-1 and change what every region of the account judges.
bool global_event_source(std::string_view event_source);

// One change, in the account and region whose CloudTrail recorded it.
struct ChangeEvent {
  std::string event_id;
  std::string event_name;
  std::string event_source;
  std::string event_time;  // ISO 8601 UTC
  std::string account_id;
  std::string region;
  std::string username;       // who made it: the IAM user, or the role session's name
  ChangeResources resources;  // what it touched (unknown: its account and region are audited again)
};

// Where to look: one account and region, and the caller that reads its CloudTrail.
struct ChangeSource {
  std::string account_id;
  std::string region;
  aws::AwsCaller* caller = nullptr;
};

// What one poll found: the changes (oldest first), and the sources that could not be read.
struct ChangePoll {
  std::vector<ChangeEvent> events;
  std::vector<std::pair<ChangeSource, Error>> errors;
};

// Reads every source's mutating events from `since` to `until` (all pages, each source's pages in
// order, sources in parallel on `loop`) and keeps those changes_verdicts() names. Runs `loop`
// (call on its thread).
ChangePoll poll_changes(aws::EventLoop& loop, const std::vector<ChangeSource>& sources,
                        std::chrono::system_clock::time_point since, std::chrono::system_clock::time_point until);

}  // namespace rolecall::inventory
