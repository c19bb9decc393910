// The CloudTrail side of a generated estate: who used which key from where (docs/generator.md,
// "CloudTrail events"). Drawn from a stream of its own after networking, so every other part of
// the estate is what the seed gave before events existed.
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "emulator/estate/access_keys.h"
#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

using nlohmann::json;

constexpr long long kDay = 24 * 60;  // minutes
constexpr long long kWindowDays = 90;

struct Call {
  const char* source;
  const char* name;
  bool read_only;
};
constexpr std::array<Call, 7> kCalls = {{{"ec2.amazonaws.com", "DescribeInstances", true},
                                         {"ec2.amazonaws.com", "DescribeVolumes", true},
                                         {"ec2.amazonaws.com", "CreateTags", false},
                                         {"s3.amazonaws.com", "ListBuckets", true},
                                         {"s3.amazonaws.com", "GetObject", true},
                                         {"s3.amazonaws.com", "PutObject", false},
                                         {"sts.amazonaws.com", "GetCallerIdentity", true}}};
constexpr std::array<std::string_view, 4> kUserAgents = {
    "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.61-85.141.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off "
    "command/s3.cp",
    "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 botocore/2.4.5",
    "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1.61 md/arch#x86_64 lang/python#3.11.6 cfg/retry-mode#legacy "
    "Botocore/1.34.0",
    "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.141.0"};

// The calls a key's owner makes: kCalls[first, first + count). legacy-deploy may only reach its
// artifact buckets, so its keys call S3; a deleted user's made any call.
struct Calls {
  std::size_t first = 0;
  std::size_t count = kCalls.size();
};
constexpr Calls kS3Calls{3, 3};
constexpr Calls kAnyCall{0, kCalls.size()};

// Where a key is used from: an address and, through a VPC endpoint, the endpoint.
struct Origin {
  std::string ip;
  std::string vpc_endpoint;
};

// How an event's caller is named.
struct Identity {
  std::string type;  // "IAMUser" | "AssumedRole"
  std::string key_id;
  std::string name;  // user name or session name
  std::string arn;   // user ARN or role ARN
};

std::string uuid(Rng& rng) {
  std::uint64_t a = rng.next(), b = rng.next();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                     0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

std::string hex(Rng& rng, int digits) { return rng.chars("0123456789abcdef", static_cast<std::size_t>(digits)); }

// A documentation address (RFC 5737) no estate resource has.
std::string outside_ip(Rng& rng) {
  return fmt::format("{}.{}", rng.percent(50) ? "203.0.113" : "198.51.100", 1 + rng.below(254));
}

class EventMaker {
 public:
  EventMaker(Rng& rng, Cell& cell, const std::string& global_region)
      : rng_(rng), cell_(cell), global_region_(global_region) {}

  // One event `minutes_ago` by `who` from `from`, calling kCalls[call].
  void add(const Identity& who, const Origin& from, long long minutes_ago, const Call& call,
           const std::string& user_agent) {
    const bool global = std::string_view(call.source) == "sts.amazonaws.com";
    json e = {{"id", uuid(rng_)},
              {"region", global ? global_region_ : cell_.region},
              {"time", {{"minutes_ago", minutes_ago}}},
              {"event_name", call.name},
              {"event_source", call.source},
              {"access_key_id", who.key_id},
              {"source_ip", from.ip},
              {"user_agent", user_agent},
              {"read_only", call.read_only}};
    if (who.type == "IAMUser")
      e["user_identity"] = {{"type", "IAMUser"}, {"user_name", who.name}, {"arn", who.arn}};
    else
      e["user_identity"] = {{"type", "AssumedRole"}, {"session_name", who.name}, {"arn", who.arn}};
    if (!from.vpc_endpoint.empty()) e["vpc_endpoint_id"] = from.vpc_endpoint;
    cell_.trail_events.push_back(std::move(e));
  }

  // 2..4 events of `calls` (different ones while there are), `newest_days` .. `newest_days` +
  // `span_days` days ago.
  void burst(const Identity& who, const Origin& from, Calls calls, long long newest_days, long long span_days) {
    const std::string user_agent(kUserAgents[rng_.below(kUserAgents.size())]);
    const int count = 2 + static_cast<int>(rng_.below(3));
    std::size_t first = rng_.below(calls.count);
    for (int i = 0; i < count; ++i) {
      long long minutes =
          newest_days * kDay + static_cast<long long>(rng_.below(static_cast<std::uint64_t>(span_days * kDay)));
      add(who, from, minutes, kCalls[calls.first + (first + static_cast<std::size_t>(i)) % calls.count], user_agent);
    }
  }

  const std::string& vpc_endpoint() {
    if (vpce_.empty()) vpce_ = "vpce-" + hex(rng_, 17);
    return vpce_;
  }

 private:
  Rng& rng_;
  Cell& cell_;
  const std::string& global_region_;
  std::string vpce_;
};

// A key's owner as the account's users say, or a deleted user.
struct Owner {
  std::string user;
  bool active = true;
  Calls calls = kAnyCall;
};

Owner owner_of(const json& account, const std::string& key_id) {
  for (const auto& user : account.at("users")) {
    for (const auto& key : user.at("access_keys")) {
      if (key.at("id") == key_id)
        return {user.at("name").get<std::string>(), key.value("status", "Active") == "Active", kS3Calls};
    }
  }
  unsigned h = 0;
  for (char c : key_id) h = h * 31 + static_cast<unsigned char>(c);
  return {fmt::format("former-contractor-{}", h % 1000), true, kAnyCall};  // its events predate the deletion
}

std::string str_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void add_trail_events(Rng& rng, Cell& cell, const json& account, const std::string& global_region) {
  const std::string account_id = account.at("id").get<std::string>();
  EventMaker events(rng, cell, global_region);
  std::unordered_map<std::string, std::string> nat_ip;  // subnet -> its NAT gateway's public IP
  {
    std::unordered_map<std::string, std::string> gateway_ip;
    for (const auto& gw : cell.nat_gateways) gateway_ip[gw.at("id").get<std::string>()] = str_or_empty(gw, "public_ip");
    for (const auto& subnet : cell.subnets) {
      std::string nat = str_or_empty(subnet, "nat_gateway");
      if (!nat.empty()) nat_ip[subnet.at("id").get<std::string>()] = gateway_ip[nat];
    }
  }
  auto judged = [](const json& instance) {
    const auto& state = instance.at("state").get_ref<const std::string&>();
    return state != "terminated" && state != "shutting-down";
  };

  bool old_event_done = false;
  for (const auto& [index, key_id] : cell.instance_leaks) {
    const json& instance = cell.instances[index];
    if (!judged(instance) || rng.percent(25)) continue;  // a key at rest nobody uses from here
    const Owner owner = owner_of(account, key_id);
    Identity who{"IAMUser", key_id, owner.user, fmt::format("arn:aws:iam::{}:user/{}", account_id, owner.user)};
    std::string public_ip = str_or_empty(instance, "public_ip");
    auto behind = nat_ip.find(str_or_empty(instance, "subnet"));
    std::string nat = behind == nat_ip.end() ? std::string() : behind->second;
    Origin from;
    if (!public_ip.empty() && !rng.percent(25)) {
      from.ip = public_ip;  // exact: its public or Elastic IP
    } else if (!nat.empty() && !rng.percent(35)) {
      from.ip = nat;  // shared by every instance behind the NAT gateway
    } else {
      from = {str_or_empty(instance, "private_ip"), events.vpc_endpoint()};
    }
    if (from.ip.empty()) continue;
    // An inactive key was used, but long ago; active and deleted users' keys within the window.
    if (!owner.active) {
      events.burst(who, from, owner.calls, kWindowDays + 30 + static_cast<long long>(rng.below(600)), 60);
      continue;
    }
    events.burst(who, from, owner.calls, static_cast<long long>(rng.below(30)), kWindowDays - 31);
    if (!old_event_done) {  // one event of the cell just past the 90-day window
      events.add(who, from, (kWindowDays + 1 + static_cast<long long>(rng.below(60))) * kDay, kCalls[owner.calls.first],
                 std::string(kUserAgents[1]));
      old_event_done = true;
    }
  }
  // Keys leaked in launch templates: half are used from outside the estate, the rest never.
  for (const auto& key_id : cell.template_leaks) {
    if (!rng.percent(50)) continue;
    const Owner owner = owner_of(account, key_id);
    Identity who{"IAMUser", key_id, owner.user, fmt::format("arn:aws:iam::{}:user/{}", account_id, owner.user)};
    events.burst(who, Origin{outside_ip(rng), ""}, owner.calls,
                 owner.active ? static_cast<long long>(rng.below(30))
                              : kWindowDays + 30 + static_cast<long long>(rng.below(600)),
                 owner.active ? kWindowDays - 31 : 60);
  }
  // Role sessions of instances with a profile: the healthy case, session name = instance id.
  for (const auto& instance : cell.instances) {
    std::string profile = str_or_empty(instance, "instance_profile");
    if (profile.empty() || profile == kEmptyProfileName || profile == kDeletedProfileName || !judged(instance) ||
        !rng.percent(5)) {
      continue;
    }
    std::string egress = str_or_empty(instance, "public_ip");
    if (egress.empty()) {
      auto it = nat_ip.find(str_or_empty(instance, "subnet"));
      if (it != nat_ip.end()) egress = it->second;
    }
    if (egress.empty()) continue;
    std::string session_key =
        key_id_for_account("ASIA" + rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), account_id);
    Identity who{"AssumedRole", session_key, instance.at("id").get<std::string>(),
                 fmt::format("arn:aws:iam::{}:role/{}", account_id, profile)};
    events.burst(who, Origin{egress, ""}, kAnyCall, static_cast<long long>(rng.below(10)), 20);
  }
}

void sync_last_used(Rng& rng, json& account, const std::string& global_region) {
  const std::string account_id = account.at("id").get<std::string>();
  if (!account.contains("cloudtrail_events")) account["cloudtrail_events"] = json::array();
  json& events = account["cloudtrail_events"];
  std::map<std::string, std::size_t> newest;  // key id -> index of its newest event
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& id = events[i].at("access_key_id").get_ref<const std::string&>();
    auto [it, fresh] = newest.try_emplace(id, i);
    if (!fresh &&
        events[i]["time"]["minutes_ago"].get<long long>() < events[it->second]["time"]["minutes_ago"].get<long long>())
      it->second = i;
  }
  for (auto& user : account.at("users")) {
    for (auto& key : user.at("access_keys")) {
      const std::string id = key.at("id").get<std::string>();
      auto it = newest.find(id);
      if (it == newest.end()) {
        if (!key.contains("last_used")) continue;  // never used: no events
        // A key used somewhere (the auditor's own calls) but not from the estate.
        const json& used = key["last_used"];
        const bool sts = used.value("service", "") == "sts";
        json e = {{"id", uuid(rng)},
                  {"region", sts ? global_region : used.value("region", global_region)},
                  {"time", {{"minutes_ago", used.value("days_ago", 0) * kDay}}},
                  {"event_name", sts ? "GetCallerIdentity" : "ListBuckets"},
                  {"event_source", sts ? "sts.amazonaws.com" : "s3.amazonaws.com"},
                  {"access_key_id", id},
                  {"user_identity",
                   {{"type", "IAMUser"},
                    {"user_name", user.at("name")},
                    {"arn", fmt::format("arn:aws:iam::{}:user/{}", account_id, user.at("name").get<std::string>())}}},
                  {"source_ip", outside_ip(rng)},
                  {"user_agent", std::string(kUserAgents[1])},
                  {"read_only", true}};
        events.push_back(std::move(e));
        it = newest.emplace(id, events.size() - 1).first;
      }
      const json& e = events[it->second];
      std::string source = e.at("event_source").get<std::string>();
      key["last_used"] = {{"minutes_ago", e["time"]["minutes_ago"]},
                          {"service", source.substr(0, source.find('.'))},
                          {"region", e.at("region")}};
    }
  }
}

}  // namespace rolecall::emulator::gen
