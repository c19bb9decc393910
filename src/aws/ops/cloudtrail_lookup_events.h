#pragma once
// cloudtrail:LookupEvents (JSON 1.1, target prefix CloudTrail_20131101, signing name
// "cloudtrail"), regional: the management events of the last 90 days in one account and region,
// 50 a page, newest first. AWS allows 2 requests per second per account and region, so callers
// pace their pages (inventory/key_use.h); this file only builds, sends and parses one page.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::cloudtrail {

// "The maximum number of events to return ... The default is 50" (LookupEventsRequest.MaxResults).
inline constexpr int kMaxLookupResults = 50;

// cloudtrail:LookupEvents parameters: one lookup attribute at most, as the API allows.
struct LookupEventsRequest {
  std::string region;
  std::string attribute_key;    // LookupAttributes[0].AttributeKey, e.g. "AccessKeyId"; empty: none
  std::string attribute_value;  // LookupAttributes[0].AttributeValue
  std::optional<std::chrono::system_clock::time_point> start_time;  // StartTime
  std::optional<std::chrono::system_clock::time_point> end_time;    // EndTime
  int max_results = kMaxLookupResults;                              // MaxResults (1-50)
  std::string next_token;                                           // NextToken of the previous page
  bool with_elements = false;  // keep each record's requestParameters and responseElements (TrailEvent)
};

// One event, with the fields of its CloudTrailEvent record rolecall uses.
struct TrailEvent {
  std::string event_id;         // EventId
  std::string event_name;       // EventName
  std::string event_source;     // EventSource, e.g. "s3.amazonaws.com"
  std::string event_time;       // EventTime as ISO 8601 (UTC, seconds)
  std::string access_key_id;    // AccessKeyId (the record's userIdentity.accessKeyId when absent)
  std::string username;         // Username: the IAM user, or an assumed role's session name
  std::string identity_type;    // userIdentity.type: "IAMUser", "AssumedRole", "Root", ...
  std::string identity_arn;     // userIdentity.arn
  std::string account_id;       // userIdentity.accountId: the account whose credentials were used
  std::string aws_region;       // awsRegion
  std::string source_ip;        // sourceIPAddress (an address, or a service name such as "ec2.amazonaws.com")
  std::string vpc_endpoint_id;  // vpcEndpointId, when the call came through a VPC endpoint
  std::string user_agent;       // userAgent
  // requestParameters and responseElements as JSON text, with LookupEventsRequest::with_elements
  // ("" when the record has none): what the call touched.
  std::string request_parameters;
  std::string response_elements;
};

// One page of cloudtrail:LookupEvents.
struct LookupEventsResponse {
  std::vector<TrailEvent> events;
  std::string next_token;  // NextToken; empty on the last page
};

// The ServiceCall for one page; max_results outside 1-50 is clamped.
ServiceCall lookup_events_call(const LookupEventsRequest& request);
// Parses a LookupEvents body. Events lack EventId/EventTime is a kParse error naming the index;
// a CloudTrailEvent that is not a JSON object string is kParse too (rolecall reads its addresses).
// With `with_elements`, each event keeps its record's requestParameters and responseElements.
Result<LookupEventsResponse> parse_lookup_events(std::string_view body, bool with_elements = false);
// Calls cloudtrail:LookupEvents for one page.
void lookup_events(AwsCaller& caller, const LookupEventsRequest& request, ops::OpCallback<LookupEventsResponse> done);

}  // namespace rolecall::aws::cloudtrail
