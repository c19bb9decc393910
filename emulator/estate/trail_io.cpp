#include "emulator/estate/trail_io.h"

#include "base/iso8601.h"
#include "emulator/common/validate.h"
#include "emulator/estate/ipv4.h"
#include "emulator/estate/load_helpers.h"

namespace rolecall::emulator {
namespace load {
namespace {

constexpr long long kMaxMinutesAgo = 36500LL * 24 * 60;  // a century

// "time": an ISO 8601 string, or an object with one of date, minutes_ago, days_ago.
EventMoment event_moment(const json& j, const std::string& path) {
  auto it = j.find("time");
  std::string p = path + ".time";
  if (it == j.end()) bad(p, "missing required key");
  EventMoment m;
  if (it->is_string()) {
    m.date = it->get<std::string>();
  } else if (it->is_object()) {
    check_keys(*it, p, {"date", "minutes_ago", "days_ago"});
    if (it->size() != 1) bad(p, "give exactly one of date, minutes_ago, days_ago");
    m.date = str(*it, p, "date", false);
    for (const char* key : {"minutes_ago", "days_ago"}) {
      auto n = it->find(key);
      if (n == it->end()) continue;
      long long scale = key == std::string_view("days_ago") ? 24 * 60 : 1;
      if (!n->is_number_integer() || n->get<long long>() < 0 || n->get<long long>() > kMaxMinutesAgo / scale) {
        bad(p + "." + key, "expected a whole number between 0 and a century");
      }
      m.minutes_ago = n->get<long long>() * scale;
    }
  } else {
    bad(p, "expected an ISO 8601 date or an object");
  }
  if (!m.date.empty()) {
    m.set_date(std::move(m.date));
    if (!m.date_at) bad(p, "'" + m.date + "' is not an ISO 8601 date");
  }
  if (m.date.empty() && m.minutes_ago < 0) bad(p, "missing date, minutes_ago or days_ago");
  return m;
}

void load_identity(TrailEvent& e, const json& j, const std::string& path) {
  std::string p = path + ".user_identity";
  auto it = j.find("user_identity");
  if (it == j.end()) bad(p, "missing required key");
  check_keys(*it, p, {"type", "user_name", "arn", "session_name"});
  e.identity_type = str(*it, p, "type", true);
  one_of(e.identity_type, p + ".type", {"IAMUser", "AssumedRole"});
  e.arn = str(*it, p, "arn", true);
  if (arn_account(e.arn).size() != 12) bad(p + ".arn", "'" + e.arn + "' is not an IAM ARN");
  if (e.identity_type == "IAMUser") {
    if (it->contains("session_name")) bad(p + ".session_name", "only an AssumedRole identity has a session name");
    e.user_name = str(*it, p, "user_name", true);
    matches(
        e.user_name, p + ".user_name", [](std::string_view t) { return is_iam_name(t); }, "a valid IAM name");
    if (e.arn.find(":user/") == std::string::npos) bad(p + ".arn", "'" + e.arn + "' is not a user ARN");
  } else {
    if (it->contains("user_name")) bad(p + ".user_name", "only an IAMUser identity has a user name");
    e.session_name = str(*it, p, "session_name", true);
    if (e.session_name.size() < 2 || e.session_name.size() > 64)
      bad(p + ".session_name", "expected 2 to 64 characters");
    if (e.arn.find(":role/") == std::string::npos) bad(p + ".arn", "'" + e.arn + "' is not a role ARN");
  }
}

TrailEvent load_event(const json& j, const std::string& path) {
  check_keys(j, path,
             {"id", "region", "time", "event_name", "event_source", "access_key_id", "user_identity", "source_ip",
              "vpc_endpoint_id", "user_agent", "read_only", "resources"});
  TrailEvent e;
  e.id = str(j, path, "id", true);
  if (e.id.empty() || e.id.size() > 64) bad(path + ".id", "expected 1 to 64 characters");
  e.when = event_moment(j, path);
  e.name = str(j, path, "event_name", true);
  if (e.name.empty()) bad(path + ".event_name", "must not be empty");
  e.source = str(j, path, "event_source", true);
  if (!e.source.ends_with(".amazonaws.com")) bad(path + ".event_source", "'" + e.source + "' is not a service host");
  e.access_key_id = str(j, path, "access_key_id", true);
  matches(e.access_key_id, path + ".access_key_id", is_access_key_id, "an access key id");
  load_identity(e, j, path);
  if ((e.identity_type == "IAMUser") != e.access_key_id.starts_with("AKIA"))
    bad(path + ".access_key_id", "an IAMUser calls with an AKIA key, an AssumedRole with an ASIA key");
  e.source_ip = str(j, path, "source_ip", true);
  if (!parse_ip(e.source_ip)) bad(path + ".source_ip", "'" + e.source_ip + "' is not an IPv4 address");
  e.vpc_endpoint_id = str(j, path, "vpc_endpoint_id", false);
  if (!e.vpc_endpoint_id.empty())
    matches(
        e.vpc_endpoint_id, path + ".vpc_endpoint_id", [](std::string_view t) { return is_hex_id(t, "vpce-", 8, 17); },
        "a VPC endpoint id (vpce-...)");
  e.user_agent = str(j, path, "user_agent", false, "aws-cli/2.15.0");
  if (auto it = j.find("read_only"); it != j.end()) {
    if (!it->is_boolean()) bad(path + ".read_only", "expected true or false");
    e.read_only = it->get<bool>();
  }
  const json& resources = arr(j, path, "resources");
  for (std::size_t i = 0; i < resources.size(); ++i) {
    std::string p = fmt::format("{}.resources[{}]", path, i);
    check_keys(resources[i], p, {"type", "name"});
    e.resources.push_back({str(resources[i], p, "type", true), str(resources[i], p, "name", true)});
  }
  return e;
}

}  // namespace

void load_trail_events(Account& account, const json& account_json, const std::string& path,
                       std::set<std::string>& event_ids) {
  const json& events = arr(account_json, path, "cloudtrail_events");
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::string p = fmt::format("{}.cloudtrail_events[{}]", path, i);
    std::string region = str(events[i], p, "region", true);
    auto it = account.regions.find(region);
    if (it == account.regions.end()) bad(p + ".region", "'" + region + "' is not in the estate's regions");
    TrailEvent e = load_event(events[i], p);
    if (!event_ids.insert(e.id).second) bad(p + ".id", "duplicate event id");
    it->second.events.push_back(std::move(e));
  }
}

}  // namespace load

nlohmann::json trail_event_json(const TrailEvent& e, const std::string& region) {
  using nlohmann::json;
  json identity = {{"type", e.identity_type}, {"arn", e.arn}};
  if (e.identity_type == "IAMUser")
    identity["user_name"] = e.user_name;
  else
    identity["session_name"] = e.session_name;
  json j = {{"id", e.id},
            {"region", region},
            {"time", e.when.date.empty() ? json{{"minutes_ago", e.when.minutes_ago}} : json{{"date", e.when.date}}},
            {"event_name", e.name},
            {"event_source", e.source},
            {"access_key_id", e.access_key_id},
            {"user_identity", std::move(identity)},
            {"source_ip", e.source_ip},
            {"user_agent", e.user_agent},
            {"read_only", e.read_only}};
  if (!e.vpc_endpoint_id.empty()) j["vpc_endpoint_id"] = e.vpc_endpoint_id;
  if (!e.resources.empty()) {
    json resources = json::array();
    for (const auto& r : e.resources) resources.push_back({{"type", r.type}, {"name", r.name}});
    j["resources"] = std::move(resources);
  }
  return j;
}

nlohmann::json trail_events_json(const Account& account) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [region, data] : account.regions) {
    for (const auto& e : data.events) out.push_back(trail_event_json(e, region));
  }
  return out;
}

}  // namespace rolecall::emulator
