#include "aws/ops/cloudtrail_lookup_events.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/protocol/json11.h"
#include "base/iso8601.h"
#include "base/json_text.h"

namespace rolecall::aws::cloudtrail {
namespace {

constexpr std::string_view kOperation = "cloudtrail:LookupEvents";

Error parse_error(std::string_view message) { return Error::parse(fmt::format("{}: {}", kOperation, message)); }

double epoch_seconds(std::chrono::system_clock::time_point t) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

// JSON 1.1 timestamps are epoch seconds (a number, maybe fractional); nullopt for anything else.
std::optional<std::string> iso_time(const nlohmann::json& j) {
  if (!j.is_number()) return std::nullopt;
  const double seconds = j.get<double>();
  // The clock counts nanoseconds in 64 bits (up to 2262): later instants would overflow, and no trail holds them.
  constexpr double kLatest = 7258118399.0;  // 2199-12-31T23:59:59Z
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kLatest) return std::nullopt;
  return base::format_iso8601(
      std::chrono::system_clock::time_point(std::chrono::seconds(static_cast<long long>(std::floor(seconds)))));
}

// The fields of the CloudTrailEvent record (a JSON document in a string) rolecall uses.
Result<void> read_record(std::string_view text, std::size_t index, bool with_elements, TrailEvent& event) {
  auto record = json11::parse(text, kOperation);
  if (!record || !record->is_object()) {
    return fail(parse_error(fmt::format("Events[{}].CloudTrailEvent is not a JSON object", index)));
  }
  const nlohmann::json& identity = json11::get_object(*record, "userIdentity");
  event.identity_type = json11::get_string(identity, "type");
  event.identity_arn = json11::get_string(identity, "arn");
  event.account_id = json11::get_string(identity, "accountId");
  if (event.access_key_id.empty()) event.access_key_id = json11::get_string(identity, "accessKeyId");
  event.aws_region = json11::get_string(*record, "awsRegion");
  event.source_ip = json11::get_string(*record, "sourceIPAddress");
  event.vpc_endpoint_id = json11::get_string(*record, "vpcEndpointId");
  event.user_agent = json11::get_string(*record, "userAgent");
  if (with_elements) {
    // Kept as text: only rolecall watch reads them (inventory/change_resources.h), as untrusted input.
    auto text_of = [&](const char* key) {
      auto it = record->find(key);
      return it == record->end() || it->is_null() ? std::string() : it->dump();
    };
    event.request_parameters = text_of("requestParameters");
    event.response_elements = text_of("responseElements");
  }
  return {};
}

}  // namespace

ServiceCall lookup_events_call(const LookupEventsRequest& request) {
  nlohmann::json body = nlohmann::json::object();
  if (!request.attribute_key.empty()) {
    body["LookupAttributes"] =
        nlohmann::json::array({{{"AttributeKey", request.attribute_key}, {"AttributeValue", request.attribute_value}}});
  }
  if (request.start_time) body["StartTime"] = epoch_seconds(*request.start_time);
  if (request.end_time) body["EndTime"] = epoch_seconds(*request.end_time);
  body["MaxResults"] = std::clamp(request.max_results, 1, kMaxLookupResults);
  if (!request.next_token.empty()) body["NextToken"] = request.next_token;
  ServiceCall call;
  call.service = "cloudtrail";
  call.region = request.region;
  call.protocol = Protocol::kJson11;
  call.action = "LookupEvents";
  call.json_target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
  call.json_body = base::json_text(body);
  return call;
}

Result<LookupEventsResponse> parse_lookup_events(std::string_view body, bool with_elements) {
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object()) return fail(parse_error("response is not a JSON object"));
  if (json->contains("Events") && !(*json)["Events"].is_array()) return fail(parse_error("Events is not an array"));
  LookupEventsResponse out;
  std::size_t index = 0;
  for (const auto& e : json11::get_array(*json, "Events")) {
    TrailEvent event;
    event.event_id = json11::get_string(e, "EventId");
    if (event.event_id.empty()) return fail(parse_error(fmt::format("Events[{}] lacks EventId", index)));
    auto when = iso_time(e.is_object() && e.contains("EventTime") ? e["EventTime"] : nlohmann::json());
    if (!when) return fail(parse_error(fmt::format("Events[{}].EventTime is not a timestamp", index)));
    event.event_time = std::move(*when);
    event.event_name = json11::get_string(e, "EventName");
    event.event_source = json11::get_string(e, "EventSource");
    event.access_key_id = json11::get_string(e, "AccessKeyId");
    event.username = json11::get_string(e, "Username");
    const std::string record = json11::get_string(e, "CloudTrailEvent");
    if (!record.empty()) {
      if (auto read = read_record(record, index, with_elements, event); !read) return fail(read.error());
    }
    out.events.push_back(std::move(event));
    ++index;
  }
  out.next_token = json11::get_string(*json, "NextToken");
  return out;
}

void lookup_events(AwsCaller& caller, const LookupEventsRequest& request, ops::OpCallback<LookupEventsResponse> done) {
  ops::run_op<LookupEventsResponse>(
      caller, lookup_events_call(request),
      [with = request.with_elements](std::string_view body) { return parse_lookup_events(body, with); },
      std::move(done));
}

}  // namespace rolecall::aws::cloudtrail
