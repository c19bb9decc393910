#pragma once
// A CloudTrail event as the service shows it: the full record (LookupEvents' CloudTrailEvent
// string, a trail log file's Records[] entry) and the LookupEvents Events[] item.

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::cloudtrail {

// The full record: eventVersion, userIdentity (IAMUser with userName, or AssumedRole with
// sessionContext.sessionIssuer), eventTime, eventSource, eventName, awsRegion, sourceIPAddress,
// userAgent, vpcEndpointId when set, requestID, eventID, readOnly, eventType "AwsApiCall",
// recipientAccountId. `account_id` is the account the event was recorded in.
nlohmann::json event_record(const TrailEvent& event, const std::string& partition, const std::string& account_id,
                            const std::string& region, TimePoint now);

// LookupEvents' Events[] item: EventId, EventName, ReadOnly, AccessKeyId, EventTime (epoch seconds),
// EventSource, Username (the user, or the role session's name), Resources, CloudTrailEvent.
nlohmann::json lookup_item(const TrailEvent& event, const std::string& partition, const std::string& account_id,
                           const std::string& region, TimePoint now);

}  // namespace rolecall::emulator::cloudtrail
