#pragma once
// What one change touched, read from its CloudTrail record's requestParameters and responseElements
// (LookupEvents' CloudTrailEvent, an EventBridge event's detail): the instances, role, policy,
// instance profile, launch template or IAM user and key, so `rolecall watch` collects and judges
// again just those. The record is untrusted: a missing or odd field means "unknown", and the
// caller audits the event's account and region instead.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rolecall::inventory {

// What kind of resource a call that can turn a verdict changes.
enum class ChangeKind { kInstance, kRole, kProfile, kPolicy, kLaunchTemplate, kAccessKey, kOther };

// The kind of `event_name`; kOther for a call that cannot turn a verdict (the one list of those
// that can: issue 15's, and the calls that make an instance or a key go away or change user data).
ChangeKind change_kind_of(std::string_view event_name);

// The resources of one change; `known` false: they could not be read.
struct ChangeResources {
  bool known = false;
  std::vector<std::string> instance_ids;  // i-...: launched, started, terminated, or whose profile or options changed
  std::string role_name;                  // a role whose policies, trust or profile membership changed
  std::string policy_arn;                 // a managed policy with a new default version
  std::string profile_name;               // an instance profile whose role changed, or deleted
  std::string launch_template_id;         // lt-...
  std::string user_name;                  // an IAM user whose access keys changed
  std::string access_key_id;              // the key (AKIA...), when the record names it
};

// The resources `event_name` touched per its `request` (requestParameters) and `response`
// (responseElements); either may be null.
ChangeResources read_change_resources(std::string_view event_name, const nlohmann::json& request,
                                      const nlohmann::json& response);

// read_change_resources() on the records' JSON text ("" for none); text that is not JSON: unknown.
ChangeResources read_change_resources_text(std::string_view event_name, std::string_view request,
                                           std::string_view response);

}  // namespace rolecall::inventory
