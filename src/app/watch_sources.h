#pragma once
// Where `rolecall watch` learns of changes (src/app/watch.cpp): CloudTrail's LookupEvents polled per
// account and region, or an SQS queue an EventBridge rule feeds (`--queue`). Both hand back the
// relevant changes of one poll and how to acknowledge them once the audit they triggered is
// reported.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "inventory/change_events.h"

namespace rolecall {

namespace aws {
class Session;
}

// What one poll of a change source found.
struct PolledChanges {
  std::vector<inventory::ChangeEvent> events;  // the changes that can turn a verdict, oldest first
  bool failed = false;                         // the source could not be read (the caller waits before trying again)
  std::function<void()> acknowledge;           // after their audit is reported (the queue: deletes the messages)
};

// One poll: changes up to `now`.
using ChangePoller = std::function<PolledChanges(std::chrono::system_clock::time_point now)>;

// Reads `queue_url` in `region` with the session's default credentials: each poll long-polls up to
// `wait` (at most 20 s), then while every answer is full receives more, ten calls at once, up to
// 500 messages, hiding them for `visibility` while they are handled; bodies that are not EventBridge CloudTrail API call events are counted in one note per
// poll and deleted with the others by acknowledge().
ChangePoller queue_change_poller(aws::Session& session, std::string queue_url, std::string region,
                                 std::chrono::seconds wait, std::chrono::seconds visibility,
                                 std::function<void(const std::string&)> note);

}  // namespace rolecall
