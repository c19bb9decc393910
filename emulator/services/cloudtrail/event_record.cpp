#include "emulator/services/cloudtrail/event_record.h"

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "base/sha256.h"

namespace rolecall::emulator::cloudtrail {
namespace {

using nlohmann::json;

// A request id fixed by the event id (uuid-shaped), so the record reads the same every time.
std::string request_id_of(const TrailEvent& e) {
  std::string h = base::sha256_hex("requestID:" + e.id);
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4),
                     h.substr(20, 12));
}

json user_identity(const TrailEvent& e, const std::string& partition, TimePoint when) {
  std::string account = arn_account(e.arn);
  if (e.identity_type == "IAMUser") {
    return {{"type", "IAMUser"},    {"principalId", derived_id("AIDA", e.arn)}, {"arn", e.arn},
            {"accountId", account}, {"accessKeyId", e.access_key_id},           {"userName", e.user_name}};
  }
  std::string role_name = e.arn.substr(e.arn.rfind('/') + 1);
  std::string role_id = derived_id("AROA", e.arn);
  json issuer = {
      {"type", "Role"}, {"principalId", role_id}, {"arn", e.arn}, {"accountId", account}, {"userName", role_name}};
  // Instance role sessions are refreshed every few hours; the session began before the call.
  json attributes = {{"creationDate", base::format_iso8601(when - std::chrono::hours(1))},
                     {"mfaAuthenticated", "false"}};
  return {{"type", "AssumedRole"},
          {"principalId", role_id + ":" + e.session_name},
          {"arn", fmt::format("arn:{}:sts::{}:assumed-role/{}/{}", partition, account, role_name, e.session_name)},
          {"accountId", account},
          {"accessKeyId", e.access_key_id},
          {"sessionContext", {{"sessionIssuer", std::move(issuer)}, {"attributes", std::move(attributes)}}}};
}

}  // namespace

json event_record(const TrailEvent& e, const std::string& partition, const std::string& account_id,
                  const std::string& region, TimePoint now) {
  TimePoint when = e.when.at(now);
  json r = {{"eventVersion", "1.08"},
            {"userIdentity", user_identity(e, partition, when)},
            {"eventTime", base::format_iso8601(when)},
            {"eventSource", e.source},
            {"eventName", e.name},
            {"awsRegion", region},
            {"sourceIPAddress", e.source_ip},
            {"userAgent", e.user_agent},
            {"requestParameters", e.request_parameters},
            {"responseElements", e.response_elements},
            {"requestID", request_id_of(e)},
            {"eventID", e.id},
            {"readOnly", e.read_only},
            {"eventType", "AwsApiCall"},
            {"managementEvent", true},
            {"recipientAccountId", account_id},
            {"eventCategory", "Management"}};
  if (!e.vpc_endpoint_id.empty()) r["vpcEndpointId"] = e.vpc_endpoint_id;
  return r;
}

json lookup_item(const TrailEvent& e, const std::string& partition, const std::string& account_id,
                 const std::string& region, TimePoint now) {
  json resources = json::array();
  for (const auto& r : e.resources) resources.push_back({{"ResourceType", r.type}, {"ResourceName", r.name}});
  return {{"EventId", e.id},
          {"EventName", e.name},
          {"ReadOnly", e.read_only ? "true" : "false"},
          {"AccessKeyId", e.access_key_id},
          {"EventTime", std::chrono::duration_cast<std::chrono::seconds>(e.when.at(now).time_since_epoch()).count()},
          {"EventSource", e.source},
          {"Username", e.identity_type == "IAMUser" ? e.user_name : e.session_name},
          {"Resources", std::move(resources)},
          {"CloudTrailEvent", base::json_text(event_record(e, partition, account_id, region, now))}};
}

}  // namespace rolecall::emulator::cloudtrail
