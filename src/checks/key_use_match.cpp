#include "checks/key_use_match.h"

#include <map>
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

}  // namespace

KeyUseIndex::KeyUseIndex(const Inventory& inventory) {
  std::map<std::string, std::vector<const Instance*>> by_public;
  std::map<std::pair<std::string, std::string>, std::vector<const Instance*>> by_private;  // (region, ip)
  std::map<std::string, NatSite> nats;
  for (const auto& region : inventory.regions) {
    for (const auto& gateway : region.egress.nat_gateways) {
      for (const auto& ip : gateway.public_ips) nats[ip] = NatSite{&region, gateway.id};
    }
    for (const auto& instance : region.instances) {
      if (!in_scope(instance)) continue;
      if (!instance.public_ip.empty()) by_public[instance.public_ip].push_back(&instance);
      if (!instance.private_ip.empty()) by_private[{region.region, instance.private_ip}].push_back(&instance);
    }
  }
  matches_.reserve(inventory.key_evidence.uses.size());
  for (const KeyUse& use : inventory.key_evidence.uses) {
    UseMatch& m = matches_.emplace_back();
    m.use = &use;
    if (auto pub = by_public.find(use.source_ip); pub != by_public.end()) {
      m.via = UseVia::kPublicIp;
      m.candidates = pub->second;
    } else if (auto nat = nats.find(use.source_ip); nat != nats.end()) {
      m.via = UseVia::kNatGateway;
      m.via_id = nat->second.nat_id;
      for (const auto& instance : nat->second.region->instances) {
        if (!in_scope(instance) || !instance.public_ip.empty()) continue;
        if (nat->second.region->egress.nat_of(instance.vpc_id, instance.subnet_id) == m.via_id) {
          m.candidates.push_back(&instance);
        }
      }
    } else if (!use.vpc_endpoint_id.empty()) {
      m.via = UseVia::kVpcEndpoint;
      m.via_id = use.vpc_endpoint_id;
      if (auto priv = by_private.find({use.region, use.source_ip}); priv != by_private.end()) {
        m.candidates = priv->second;
      }
    }
    if (m.candidates.empty() && m.via != UseVia::kNatGateway) m.via = UseVia::kOutside;
  }
  for (const auto& m : matches_) {
    for (const Instance* i : m.candidates) by_instance_[i].push_back(&m);
  }
}

const std::vector<const UseMatch*>& KeyUseIndex::of(const Instance& instance) const {
  auto it = by_instance_.find(&instance);
  return it == by_instance_.end() ? kNone : it->second;
}

std::string describe_via(const UseMatch& match) {
  const KeyUse& use = *match.use;
  switch (match.via) {
    case UseVia::kPublicIp: return "public IP " + use.source_ip;
    case UseVia::kNatGateway: return fmt::format("NAT gateway {} ({})", match.via_id, use.source_ip);
    case UseVia::kVpcEndpoint: return fmt::format("VPC endpoint {} ({})", match.via_id, use.source_ip);
    case UseVia::kOutside: break;
  }
  if (!use.vpc_endpoint_id.empty()) {
    return fmt::format("VPC endpoint {} ({}), no instance of the scan has that address", use.vpc_endpoint_id,
                       use.source_ip);
  }
  return "outside the estate (" + use.source_ip + ")";
}

}  // namespace rolecall::checks
