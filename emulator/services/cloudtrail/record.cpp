#include "emulator/services/cloudtrail/record.h"

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/estate/ipv4.h"
#include "emulator/services/cloudtrail/call_elements.h"

namespace rolecall::emulator::cloudtrail {
namespace {

// Where `call` is recorded in `account`: the request's region, us-east-1 for the global services;
// nullptr when the account has no such region.
RegionData* record_region(Account& account, const RecordedCall& call) {
  const bool global = call.service == Service::kIam || call.service == Service::kOrganizations;
  auto data = account.regions.find(global ? "us-east-1" : call.region);
  return data == account.regions.end() ? nullptr : &data->second;
}

// The region whose CloudTrail records `call`: us-east-1 for the global services.
std::string global_or_request_region(const RecordedCall& call) {
  return call.service == Service::kIam || call.service == Service::kOrganizations ? "us-east-1" : call.region;
}

// The event of `call` as `identity_type` `user_name` (`arn`: the user's, or an AssumedRole's role),
// signed with `access_key_id`.
TrailEvent recorded_event(const RecordedCall& call, TimePoint now, std::string access_key_id, std::string identity_type,
                          std::string user_name, std::string arn) {
  TrailEvent e;
  e.id = call.request_id;
  e.when.set_date(base::format_iso8601(now));
  e.name = call.action;
  e.source = fmt::format("{}.amazonaws.com", service_name(call.service));
  e.access_key_id = std::move(access_key_id);
  e.identity_type = std::move(identity_type);
  e.user_name = std::move(user_name);
  e.arn = std::move(arn);
  e.source_ip = call.source_ip;
  e.user_agent = call.user_agent.substr(0, 1000);
  e.read_only = !call.mutating;
  // What a mutating call touched, as AWS records it (rolecall watch re-collects just that).
  if (call.mutating && call.params != nullptr) {
    CallElements elements = call_elements(call.service, call.action, *call.params, call.response_body);
    e.request_parameters = std::move(elements.request);
    e.response_elements = std::move(elements.response);
  }
  return e;
}

}  // namespace

std::optional<RecordedEvent> record_call(Estate& estate, const Caller& caller, const RecordedCall& call,
                                         TimePoint now) {
  if (call.service == Service::kCloudTrail && call.action == "LookupEvents") return std::nullopt;
  if (!load::parse_ip(call.source_ip)) return std::nullopt;
  if (caller.session) {
    // A role session: AssumedRole in the role's account, named by its session (CloudTrail's Username).
    if (caller.account >= estate.accounts.size()) return std::nullopt;
    Account& account = estate.accounts[caller.account];
    RegionData* data = record_region(account, call);
    if (data == nullptr) return std::nullopt;
    TrailEvent e =
        recorded_event(call, now, caller.access_key_id, "AssumedRole", "",
                       fmt::format("arn:{}:iam::{}:role/{}", estate.partition, account.id, caller.role_name));
    e.session_name = caller.arn.substr(caller.arn.rfind('/') + 1);  // arn:...:assumed-role/ROLE/SESSION
    data->events.push_back(e);
    return RecordedEvent{account.id, global_or_request_region(call), std::move(e)};
  }
  if (!caller.access_key_id.starts_with("AKIA")) return std::nullopt;
  auto owner = estate.key_index.find(caller.access_key_id);
  if (owner == estate.key_index.end()) return std::nullopt;
  Account& account = estate.accounts[owner->second.first];
  User& user = account.users[owner->second.second];
  RegionData* data = record_region(account, call);
  if (data == nullptr) return std::nullopt;
  TrailEvent e = recorded_event(call, now, caller.access_key_id, "IAMUser", user.name, user.arn);
  data->events.push_back(e);
  const bool global = call.service == Service::kIam || call.service == Service::kOrganizations;
  for (auto& key : user.access_keys) {
    if (key.id == caller.access_key_id)
      key.last_used = {
          {base::format_iso8601(now), -1, -1}, service_name(call.service), global ? "us-east-1" : call.region};
  }
  return RecordedEvent{account.id, global_or_request_region(call), std::move(e)};
}

}  // namespace rolecall::emulator::cloudtrail
