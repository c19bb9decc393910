#pragma once
// `--event-queue`: an SQS queue that receives, for every mutating call the emulator records
// (`--record-calls on`), the message an organization-wide EventBridge rule for "AWS API Call via
// CloudTrail" would deliver (docs/emulator.md, docs/watch.md).

#include <optional>
#include <string>

#include "emulator/services/cloudtrail/record.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::sqs {

// "ACCOUNT_INDEX:NAME[:REGION]" (region us-east-1 when absent) -> (account index, name, region);
// kInvalidArgument naming the bad part.
struct EventQueueSpec {
  std::size_t account = 0;
  std::string name;
  std::string region = "us-east-1";
};
Result<EventQueueSpec> parse_event_queue_spec(const std::string& text);

// The EventBridge event for `recorded`: version, id, detail-type "AWS API Call via CloudTrail",
// source "aws.<service>", account, time, region, resources [], detail (the CloudTrail record,
// requestParameters {} when it has none).
nlohmann::json eventbridge_event(const cloudtrail::RecordedEvent& recorded, const std::string& partition,
                                 const std::string& id, TimePoint now);

// Sends `recorded`'s EventBridge event to the event queue, if one is configured (under the unique
// lock: the event id comes from Core::rng).
void deliver_event(Core& core, const cloudtrail::RecordedEvent& recorded, TimePoint now);

}  // namespace rolecall::emulator::sqs
