#include "emulator/services/imds/imds.h"

#include <charconv>
#include <mutex>
#include <shared_mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "base/sha256.h"

namespace rolecall::emulator::imds {
namespace {

constexpr long long kImdsMaxTtl = 21600;  // IMDSv2's longest token
constexpr std::chrono::hours kImdsCredentialLife{6};

long long imds_epoch(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A token is "<expiry>.<HMAC of the instance and expiry>": bound to one instance, checked without state.
std::string imds_token_mac(const Core& core, const std::string& instance_id, long long expiry) {
  return base::to_hex(base::hmac_sha256(core.token_key, fmt::format("imds:{}:{}", instance_id, expiry)));
}

bool imds_token_valid(const Core& core, const std::string& instance_id, const std::string& token, TimePoint now) {
  const auto dot = token.find('.');
  long long expiry = 0;
  if (dot == std::string::npos) return false;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, expiry);
  if (ec != std::errc() || end != token.data() + dot || expiry <= imds_epoch(now)) return false;
  return token.substr(dot + 1) == imds_token_mac(core, instance_id, expiry);
}

ImdsReply imds_text(std::string body) { return {200, std::move(body), "text/plain", {}}; }
ImdsReply imds_json(const nlohmann::ordered_json& doc) { return {200, base::json_text(doc, 2), "text/plain", {}}; }
ImdsReply imds_status(int status) {
  static constexpr const char* kNotFound =
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>404 - Not Found</title></head></html>\n";
  if (status == 404) return {404, kNotFound, "text/html", {}};
  return {status, "", "text/plain", {}};
}

// Where an instance is, found by id in every account and region.
struct ImdsPlace {
  std::size_t account = 0;
  const RegionData* region = nullptr;
  const Instance* instance = nullptr;
};

std::optional<ImdsPlace> find_imds_instance(const Estate& estate, const std::string& id) {
  for (std::size_t a = 0; a < estate.accounts.size(); ++a) {
    for (const auto& [name, data] : estate.accounts[a].regions) {
      auto it = data.instance_index.find(id);
      if (it != data.instance_index.end()) return ImdsPlace{a, &data, &data.instances[it->second]};
    }
  }
  return std::nullopt;
}

// The instance's profile and its role, as its association now names them; nullptr when it has none.
struct ImdsRole {
  const ProfileDef* profile = nullptr;
  const RoleDef* role = nullptr;
};

ImdsRole imds_role_of(const Account& account, const Instance& instance, std::uint64_t seq) {
  const Association* association = effective_association(instance, seq);
  if (association == nullptr) return {};
  const ProfileDef* profile = account.find_profile(association->profile_name);
  if (profile == nullptr || profile->roles.empty()) return {profile, nullptr};
  return {profile, account.find_role(profile->roles.front())};
}

// The instance's role session: the one issued before while it has a while to live, else a new one.
Session imds_session(Core& core, const Account& account, const RegionData& region, const Instance& instance,
                     const RoleDef& role, TimePoint now) {
  for (const auto& [key, s] : core.sessions) {
    if (s.session_name == instance.id && s.role_name == role.name && s.account_id == account.id &&
        s.expiration - now > std::chrono::minutes(15)) {
      return s;
    }
  }
  Session& s = issue_role_session(core, account.id, role.name, instance.id, now + kImdsCredentialLife);
  // A workload on the instance reaches AWS from its public (or NAT gateway's) address, else from its
  // private one (through a VPC endpoint).
  s.source_ip = egress_ip(region, instance);
  if (s.source_ip.empty()) s.source_ip = instance.private_ip;
  return s;
}

}  // namespace

ImdsReply serve_imds(Core& core, const ImdsRequest& request) {
  const TimePoint now = core.now();
  if (request.method == "PUT") {
    if (request.path != "latest/api/token") return imds_status(request.path.starts_with("latest/") ? 405 : 404);
    long long ttl = 0;
    const std::string& t = request.ttl_seconds;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), ttl);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || ttl < 1 || ttl > kImdsMaxTtl)
      return imds_status(400);
    {
      std::shared_lock lock(core.mutex);
      if (!find_imds_instance(core.estate, request.instance_id)) return imds_status(404);
    }
    const long long expiry = imds_epoch(now) + ttl;
    ImdsReply reply = imds_text(fmt::format("{}.{}", expiry, imds_token_mac(core, request.instance_id, expiry)));
    reply.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", std::to_string(ttl));
    return reply;
  }
  if (request.method != "GET") return imds_status(405);

  const bool credentials = request.path.starts_with("latest/meta-data/iam/security-credentials/") &&
                           request.path.size() > std::string_view("latest/meta-data/iam/security-credentials/").size();
  std::unique_lock<std::shared_mutex> write_lock(core.mutex, std::defer_lock);
  std::shared_lock<std::shared_mutex> read_lock(core.mutex, std::defer_lock);
  if (credentials) {
    write_lock.lock();  // may issue a session
  } else {
    read_lock.lock();
  }
  auto place = find_imds_instance(core.estate, request.instance_id);
  if (!place) return imds_status(404);
  const Instance& instance = *place->instance;
  const std::uint64_t seq = ++core.seq;
  if (effective_state(instance, seq) != "running") return imds_status(404);
  if (!request.token.empty() ? !imds_token_valid(core, instance.id, request.token, now)
                             : instance.http_tokens == "required") {
    return imds_status(401);
  }
  const Account& account = core.estate.accounts[place->account];
  const std::string& path = request.path;
  if (path == "latest/meta-data/instance-id") return imds_text(instance.id);
  if (path == "latest/meta-data/instance-type") return imds_text(instance.instance_type);
  if (path == "latest/meta-data/ami-id") return imds_text(instance.image_id);
  if (path == "latest/meta-data/placement/region") return imds_text(instance.region);
  if (path == "latest/meta-data/placement/availability-zone") return imds_text(instance.availability_zone);
  if (path == "latest/meta-data/local-ipv4") return imds_text(instance.private_ip);
  if (path == "latest/meta-data/public-ipv4")
    return instance.public_ip.empty() ? imds_status(404) : imds_text(instance.public_ip);
  if (path == "latest/dynamic/instance-identity/document") {
    return imds_json({{"accountId", account.id},
                      {"architecture", "x86_64"},
                      {"availabilityZone", instance.availability_zone},
                      {"imageId", instance.image_id},
                      {"instanceId", instance.id},
                      {"instanceType", instance.instance_type},
                      {"pendingTime", instance.launch_time},
                      {"privateIp", instance.private_ip},
                      {"region", instance.region},
                      {"version", "2017-09-30"}});
  }
  const ImdsRole held = imds_role_of(account, instance, seq);
  if (path == "latest/meta-data/iam/info") {
    if (held.role == nullptr) return imds_status(404);
    return imds_json({{"Code", "Success"},
                      {"LastUpdated", base::format_iso8601(now)},
                      {"InstanceProfileArn", held.profile->arn},
                      {"InstanceProfileId", held.profile->id}});
  }
  if (path == "latest/meta-data/iam/security-credentials/" || path == "latest/meta-data/iam/security-credentials") {
    return held.role == nullptr ? imds_status(404) : imds_text(held.role->name);
  }
  if (credentials) {
    const std::string asked = path.substr(std::string_view("latest/meta-data/iam/security-credentials/").size());
    if (held.role == nullptr || asked != held.role->name) return imds_status(404);
    const Session s = imds_session(core, account, *place->region, instance, *held.role, now);
    return imds_json({{"Code", "Success"},
                      {"LastUpdated", base::format_iso8601(now)},
                      {"Type", "AWS-HMAC"},
                      {"AccessKeyId", s.access_key_id},
                      {"SecretAccessKey", s.secret},
                      {"Token", s.token},
                      {"Expiration", base::format_iso8601(s.expiration)}});
  }
  return imds_status(404);
}

}  // namespace rolecall::emulator::imds
