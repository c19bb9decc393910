#pragma once
// CloudTrail management events of the estate (docs/estate-schema.md, "CloudTrail events"): who
// called which API with which access key, from which address, and when (a date or a time before
// the moment it is read, so a generated estate stays recent whenever it is served).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rolecall::emulator {

// When an event happened: an ISO 8601 date, or `minutes_ago` minutes before now.
struct EventMoment {
  std::string date;            // "2026-11-30T12:00:00Z"; empty when minutes_ago is used
  long long minutes_ago = -1;  // >= 0 when set
  // `date` parsed, when set_date set it (a listing reads every event's moment on every page).
  std::optional<std::chrono::system_clock::time_point> date_at;

  // Sets `date` (ISO 8601) and, when it parses, date_at.
  void set_date(std::string iso8601);

  // The moment as a time point, `now` anchoring minutes_ago.
  std::chrono::system_clock::time_point at(std::chrono::system_clock::time_point now) const;
};

// A resource an event names (LookupEvents' Resources: ResourceType, ResourceName).
struct EventResource {
  std::string type;  // "AWS::EC2::Instance"
  std::string name;  // "i-0123..."
};

// One CloudTrail management event ("AwsApiCall") of an account and region.
struct TrailEvent {
  std::string id;  // eventID, uuid-shaped
  EventMoment when;
  std::string name;    // eventName, e.g. "DescribeInstances"
  std::string source;  // eventSource, e.g. "ec2.amazonaws.com"
  std::string access_key_id;
  std::string identity_type;    // "IAMUser" | "AssumedRole"
  std::string user_name;        // IAMUser: the user's name
  std::string arn;              // IAMUser: the user's ARN; AssumedRole: the role's ARN
  std::string session_name;     // AssumedRole: the role session's name
  std::string source_ip;        // sourceIPAddress
  std::string vpc_endpoint_id;  // "" unless called through a VPC endpoint
  std::string user_agent;
  bool read_only = true;
  std::vector<EventResource> resources;
  nlohmann::json request_parameters = nullptr;  // requestParameters (recorded calls: cloudtrail/call_elements.h)
  nlohmann::json response_elements = nullptr;   // responseElements
};

// The events of one region that `keep` accepts (given each event and its moment), newest first at
// `now` (ties by id), as LookupEvents lists them.
std::vector<const TrailEvent*> events_newest_first(
    const std::vector<TrailEvent>& events, std::chrono::system_clock::time_point now,
    const std::function<bool(const TrailEvent&, std::chrono::system_clock::time_point)>& keep);

// The account id in an IAM or STS ARN ("arn:aws:iam::123456789012:user/x"); "" when malformed.
std::string arn_account(const std::string& arn);

}  // namespace rolecall::emulator
