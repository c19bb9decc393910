#include "inventory/queue_events.h"

#include <nlohmann/json.hpp>

#include "base/untrusted_json.h"

namespace rolecall::inventory {
namespace {

// The string member `key` of object `j`; "" when absent or not a string.
std::string queue_event_string(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

QueueEvent invalid_queue_event(std::string problem) {
  QueueEvent out;
  out.kind = QueueEventKind::kInvalid;
  out.problem = std::move(problem);
  return out;
}

// Who made the call: the IAM user's name, or for a role session the session's name (the last
// segment of the assumed-role ARN), as LookupEvents' Username shows it.
std::string queue_event_username(const nlohmann::json& identity) {
  std::string name = queue_event_string(identity, "userName");
  if (!name.empty()) return name;
  const std::string arn = queue_event_string(identity, "arn");
  if (queue_event_string(identity, "type") == "AssumedRole" && arn.find('/') != std::string::npos)
    return arn.substr(arn.rfind('/') + 1);
  return {};
}

}  // namespace

QueueEvent parse_queue_event(std::string_view body) {
  auto json = base::parse_untrusted_json(body, "queue message");
  if (!json) return invalid_queue_event("not JSON");
  if (!json->is_object()) return invalid_queue_event("not a JSON object");
  if (queue_event_string(*json, "detail-type") != "AWS API Call via CloudTrail")
    return invalid_queue_event("detail-type is not \"AWS API Call via CloudTrail\"");
  auto detail = json->find("detail");
  if (detail == json->end() || !detail->is_object()) return invalid_queue_event("detail is not an object");
  QueueEvent out;
  ChangeEvent& e = out.event;
  e.event_id = queue_event_string(*detail, "eventID");
  e.event_name = queue_event_string(*detail, "eventName");
  e.event_source = queue_event_string(*detail, "eventSource");
  e.event_time = queue_event_string(*detail, "eventTime");
  e.account_id = queue_event_string(*detail, "recipientAccountId");
  if (e.account_id.empty()) e.account_id = queue_event_string(*json, "account");
  e.region = queue_event_string(*detail, "awsRegion");
  if (e.region.empty()) e.region = queue_event_string(*json, "region");
  auto identity = detail->find("userIdentity");
  if (identity != detail->end()) e.username = queue_event_username(*identity);
  auto element = [&](const char* key) { return detail->contains(key) ? (*detail)[key] : nlohmann::json(); };
  e.resources = read_change_resources(e.event_name, element("requestParameters"), element("responseElements"));
  if (e.event_id.empty()) return invalid_queue_event("detail.eventID is missing");
  if (e.event_name.empty()) return invalid_queue_event("detail.eventName is missing");
  if (e.event_source.empty()) return invalid_queue_event("detail.eventSource is missing");
  if (e.account_id.empty()) return invalid_queue_event("no account (detail.recipientAccountId, account)");
  if (e.region.empty()) return invalid_queue_event("no region (detail.awsRegion, region)");
  auto read_only = detail->find("readOnly");
  const bool reads = read_only != detail->end() && read_only->is_boolean() && read_only->get<bool>();
  out.kind = !reads && changes_verdicts(e.event_name) ? QueueEventKind::kChange : QueueEventKind::kIrrelevant;
  return out;
}

}  // namespace rolecall::inventory
