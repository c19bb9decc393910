#include "emulator/services/cloudtrail/record.h"

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/estate/ipv4.h"

namespace rolecall::emulator::cloudtrail {

void record_call(Estate& estate, const Caller& caller, const RecordedCall& call, TimePoint now) {
  if (caller.session || !caller.access_key_id.starts_with("AKIA")) return;
  if (call.service == Service::kCloudTrail && call.action == "LookupEvents") return;
  // S3 object and listing reads are data events: a trail logs them only when configured to.
  if (call.service == Service::kS3) return;
  if (!load::parse_ip(call.source_ip)) return;
  auto owner = estate.key_index.find(caller.access_key_id);
  if (owner == estate.key_index.end()) return;
  Account& account = estate.accounts[owner->second.first];
  User& user = account.users[owner->second.second];
  const bool global = call.service == Service::kIam || call.service == Service::kOrganizations;
  const std::string region = global ? "us-east-1" : call.region;
  auto data = account.regions.find(region);
  if (data == account.regions.end()) return;
  TrailEvent e;
  e.id = call.request_id;
  e.when.date = base::format_iso8601(now);
  e.name = call.action;
  e.source = fmt::format("{}.amazonaws.com", service_name(call.service));
  e.access_key_id = caller.access_key_id;
  e.identity_type = "IAMUser";
  e.user_name = user.name;
  e.arn = user.arn;
  e.source_ip = call.source_ip;
  e.user_agent = call.user_agent.substr(0, 1000);
  e.read_only = !call.mutating;
  data->second.events.push_back(std::move(e));
  for (auto& key : user.access_keys) {
    if (key.id == caller.access_key_id)
      key.last_used = {{base::format_iso8601(now), -1, -1}, service_name(call.service), region};
  }
}

}  // namespace rolecall::emulator::cloudtrail
