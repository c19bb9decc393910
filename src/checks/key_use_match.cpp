#include "checks/key_use_match.h"

#include <map>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "checks/chain.h"

namespace rolecall::checks {
namespace {

const std::vector<const UseMatch*> kNone;

// The NAT gateway owning a public address, with the region whose subnets route through it.
struct NatSite {
  const RegionInventory* region = nullptr;
  std::string nat_id;
};

// The estate's addresses, for tracing a call's source to the instances it may have come from.
class AddressBook {
 public:
  explicit AddressBook(const Inventory& inventory) {
    for (const auto& region : inventory.regions) {
      for (const auto& gateway : region.egress.nat_gateways) {
        for (const auto& ip : gateway.public_ips) nats_[ip] = NatSite{&region, gateway.id};
      }
      for (const auto& instance : region.instances) {
        if (!in_scope(instance)) continue;
        if (!instance.public_ip.empty()) by_public_[instance.public_ip].push_back(&instance);
        if (!instance.private_ip.empty()) by_private_[{region.region, instance.private_ip}].push_back(&instance);
      }
    }
  }

  // Traces a call from `source_ip` (through `vpc_endpoint_id`, "" when none) in `region` into
  // `via`, `via_id` and `candidates` (module comment, rules 1-4).
  void trace(const std::string& region, const std::string& source_ip, const std::string& vpc_endpoint_id, UseVia& via,
             std::string& via_id, std::vector<const Instance*>& candidates) const {
    if (auto pub = by_public_.find(source_ip); pub != by_public_.end()) {
      via = UseVia::kPublicIp;
      candidates = pub->second;
    } else if (auto nat = nats_.find(source_ip); nat != nats_.end()) {
      via = UseVia::kNatGateway;
      via_id = nat->second.nat_id;
      for (const auto& instance : nat->second.region->instances) {
        if (!in_scope(instance) || !instance.public_ip.empty()) continue;
        if (nat->second.region->egress.nat_of(instance.vpc_id, instance.subnet_id) == via_id) {
          candidates.push_back(&instance);
        }
      }
    } else if (!vpc_endpoint_id.empty()) {
      via = UseVia::kVpcEndpoint;
      via_id = vpc_endpoint_id;
      if (auto priv = by_private_.find({region, source_ip}); priv != by_private_.end()) candidates = priv->second;
    }
    if (candidates.empty() && via != UseVia::kNatGateway) via = UseVia::kOutside;
  }

  // Traces a call as trace() does, and tells whether `instance` (of `home`) is among the
  // candidates, without listing them (a NAT gateway's can be thousands).
  bool traces_to(const RegionInventory& home, const Instance& instance, const std::string& region,
                 const std::string& source_ip, const std::string& vpc_endpoint_id, UseVia& via,
                 std::string& via_id) const {
    if (by_public_.contains(source_ip)) {
      via = UseVia::kPublicIp;
      return instance.public_ip == source_ip;
    }
    if (auto nat = nats_.find(source_ip); nat != nats_.end()) {
      via = UseVia::kNatGateway;
      via_id = nat->second.nat_id;
      return nat->second.region == &home && instance.public_ip.empty() &&
             home.egress.nat_of(instance.vpc_id, instance.subnet_id) == via_id;
    }
    if (!vpc_endpoint_id.empty() && by_private_.contains({region, source_ip})) {
      via = UseVia::kVpcEndpoint;
      via_id = vpc_endpoint_id;
      return home.region == region && instance.private_ip == source_ip;
    }
    via = UseVia::kOutside;
    return false;
  }

 private:
  std::map<std::string, std::vector<const Instance*>> by_public_;
  std::map<std::pair<std::string, std::string>, std::vector<const Instance*>> by_private_;  // (region, ip)
  std::map<std::string, NatSite> nats_;
};

// True when `source` is an IPv4 or IPv6 address, not a service name ("ec2.amazonaws.com",
// "AWS Internal") as CloudTrail writes for calls a service made on the caller's behalf.
bool is_ip_address(const std::string& source) {
  if (source.empty()) return false;
  for (char c : source) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return false;
  }
  return source.find_first_of(".:") != std::string::npos;
}

}  // namespace

KeyUseIndex::KeyUseIndex(const Inventory& inventory) {
  const AddressBook book(inventory);
  matches_.reserve(inventory.key_evidence.uses.size());
  for (const KeyUse& use : inventory.key_evidence.uses) {
    UseMatch& m = matches_.emplace_back();
    m.use = &use;
    book.trace(use.region, use.source_ip, use.vpc_endpoint_id, m.via, m.via_id, m.candidates);
  }
  for (const auto& m : matches_) {
    for (const Instance* i : m.candidates) by_instance_[i].push_back(&m);
  }
  const auto& sessions = inventory.key_evidence.role_sessions;
  if (sessions.empty()) return;
  // Sessions are named after an instance of their own account (an instance profile's role is in
  // the instance's account).
  using Home = std::pair<const RegionInventory*, const Instance*>;
  std::map<std::pair<std::string_view, std::string_view>, Home> by_id;  // (account, instance id)
  for (const auto& region : inventory.regions) {
    for (const auto& instance : region.instances) {
      if (in_scope(instance)) by_id.try_emplace({region.account_id, instance.id}, Home{&region, &instance});
    }
  }
  for (const RoleSessionUse& use : sessions) {
    auto it = by_id.find({use.account, use.instance_id});
    if (it == by_id.end()) continue;
    const auto [home, instance] = it->second;
    SessionMatch m;
    m.use = &use;
    m.from_instance = book.traces_to(*home, *instance, use.region, use.source_ip, use.vpc_endpoint_id, m.via, m.via_id);
    m.from_address = is_ip_address(use.source_ip);
    sessions_[instance].push_back(std::move(m));
  }
}

const std::vector<const UseMatch*>& KeyUseIndex::of(const Instance& instance) const {
  auto it = by_instance_.find(&instance);
  return it == by_instance_.end() ? kNone : it->second;
}

const std::vector<SessionMatch>& KeyUseIndex::sessions_of(const Instance& instance) const {
  static const std::vector<SessionMatch> kNoSessions;
  auto it = sessions_.find(&instance);
  return it == sessions_.end() ? kNoSessions : it->second;
}

namespace {

std::string describe_source(UseVia via, const std::string& via_id, const std::string& source_ip,
                            const std::string& vpc_endpoint_id) {
  switch (via) {
    case UseVia::kPublicIp: return "public IP " + source_ip;
    case UseVia::kNatGateway: return fmt::format("NAT gateway {} ({})", via_id, source_ip);
    case UseVia::kVpcEndpoint: return fmt::format("VPC endpoint {} ({})", via_id, source_ip);
    case UseVia::kOutside: break;
  }
  if (!vpc_endpoint_id.empty()) {
    return fmt::format("VPC endpoint {} ({}), no instance of the scan has that address", vpc_endpoint_id, source_ip);
  }
  return "outside the estate (" + source_ip + ")";
}

}  // namespace

std::string describe_via(const UseMatch& match) {
  return describe_source(match.via, match.via_id, match.use->source_ip, match.use->vpc_endpoint_id);
}

std::string describe_via(const SessionMatch& match) {
  return describe_source(match.via, match.via_id, match.use->source_ip, match.use->vpc_endpoint_id);
}

}  // namespace rolecall::checks
