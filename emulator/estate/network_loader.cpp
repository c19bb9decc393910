#include "emulator/estate/network_loader.h"

#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "emulator/common/validate.h"
#include "emulator/estate/ipv4.h"
#include "emulator/estate/load_helpers.h"
#include "emulator/estate/network_addresses.h"
#include "emulator/estate/security_rules.h"

namespace rolecall::emulator::load {
namespace {

using nlohmann::json;

Tags read_tags(const json& j, const std::string& path) {
  Tags out;
  auto it = j.find("tags");
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_object()) bad(path + ".tags", "expected an object of strings");
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) bad(path + ".tags." + k, "expected a string");
    out.emplace_back(k, v.get<std::string>());
  }
  return out;
}

bool bool_key(const json& j, const std::string& path, const char* key, bool fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) bad(path + "." + key, "expected true or false");
  return it->get<bool>();
}

std::string id_key(const json& j, const std::string& path, const char* key, std::string_view prefix) {
  std::string id = str(j, path, key, true);
  if (!is_hex_id(id, prefix, 8, 17))
    bad(path + "." + key, fmt::format("'{}' is not {}+8 or 17 hex digits", id, prefix));
  return id;
}

Subnet* find_subnet(RegionData& data, const std::string& id) {
  for (auto& s : data.subnets) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

// Region of a VPC id within `account`, or "" when it is not one of the account's.
std::string vpc_region(const Account& account, const std::string& vpc) {
  for (const auto& [region, data] : account.regions) {
    if (data.find_vpc(vpc)) return region;
  }
  return {};
}

std::string subnet_region(const Account& account, const std::string& subnet) {
  for (const auto& [region, data] : account.regions) {
    if (data.find_subnet(subnet)) return region;
  }
  return {};
}

// The region of the account's subnet (else VPC) `id`; a load error at `key_path` when the
// account has none.
std::string owner_region(const Account& account, const std::string& id, bool subnet, const std::string& key_path) {
  std::string region = subnet ? subnet_region(account, id) : vpc_region(account, id);
  if (region.empty()) bad(key_path, fmt::format("no {} '{}' in this account", subnet ? "subnet" : "VPC", id));
  return region;
}

constexpr const char* kDefaultVpcCidr = "172.31.0.0/16";

// The default VPC's subnet for `az`, created on first use (172.31.<16k>.0/20, k = the zone letter).
Subnet* default_subnet(const Account& account, RegionData& data, const Vpc& vpc, const std::string& region,
                       const std::string& az, const std::string& path) {
  for (auto& s : data.subnets) {
    if (s.vpc_id == vpc.id && s.availability_zone == az) return &s;
  }
  const int k = az.size() == region.size() + 1 ? az.back() - 'a' : -1;
  if (az.compare(0, region.size(), region) != 0 || k < 0 || k > 15 || vpc.cidr != kDefaultVpcCidr)
    bad(path, "no subnet of the default VPC " + vpc.id + " in availability zone '" + az + "'");
  Subnet s;
  s.id = derived_hex_id("subnet-", account.id + "/" + az + "/default");
  s.vpc_id = vpc.id;
  s.cidr = fmt::format("172.31.{}.0/20", 16 * k);
  s.availability_zone = az;
  s.is_public = true;
  s.is_default = true;
  data.subnets.push_back(std::move(s));
  return &data.subnets.back();
}

void ensure_defaults(Account& account, const std::string& region, RegionData& data) {
  bool has_default = false;
  for (const auto& v : data.vpcs) has_default = has_default || v.is_default;
  if (!has_default) {
    Vpc v;
    v.id = derived_hex_id("vpc-", account.id + "/" + region + "/default");
    v.cidr = kDefaultVpcCidr;
    v.is_default = true;
    data.vpcs.push_back(v);
    for (const char* letter : {"a", "b", "c"}) default_subnet(account, data, v, region, region + letter, region);
  }
  for (const auto& v : data.vpcs) {
    bool has_group = false;
    for (const auto& g : data.security_groups) has_group = has_group || (g.vpc_id == v.id && g.name == "default");
    if (!has_group) {
      // AWS's default group: all traffic from its own members, all traffic out.
      const std::string id = derived_hex_id("sg-", v.id + "/default");
      data.security_groups.push_back({id,
                                      v.id,
                                      "default",
                                      "default VPC security group",
                                      {},
                                      {all_traffic_to({}, id)},
                                      {all_traffic_to("0.0.0.0/0", {})}});
    }
  }
}

const Vpc& default_vpc(const RegionData& data) {
  for (const auto& v : data.vpcs) {
    if (v.is_default) return v;
  }
  return data.vpcs.front();  // ensure_defaults made one
}

// The object's "region", one of the estate's.
std::string region_key(const Account& account, const json& j, const std::string& path) {
  std::string region = str(j, path, "region", true);
  if (!account.regions.contains(region)) bad(path + ".region", "'" + region + "' is not in the estate's regions");
  return region;
}

// Calls `load(item, item_path)` for each object of the array `key` of `j`, its keys checked
// against `allowed` first.
template <class Load>
void each_object(const json& j, const std::string& path, const char* key,
                 std::initializer_list<std::string_view> allowed, Load&& load) {
  const json& items = arr(j, path, key);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string p = fmt::format("{}.{}[{}]", path, key, i);
    check_keys(items[i], p, allowed);
    load(items[i], p);
  }
}

}  // namespace

void load_networking(Account& account, const json& j, const std::string& path) {
  each_object(j, path, "vpcs", {"id", "region", "cidr", "is_default", "tags"},
              [&](const json& item, const std::string& p) {
                Vpc v;
                v.id = id_key(item, p, "id", "vpc-");
                std::string region = region_key(account, item, p);
                v.cidr = str(item, p, "cidr", true);
                cidr_of(v.cidr, p + ".cidr");
                v.is_default = bool_key(item, p, "is_default", false);
                v.tags = read_tags(item, p);
                if (!vpc_region(account, v.id).empty()) bad(p + ".id", "duplicate VPC id");
                if (v.is_default) {
                  for (const auto& other : account.regions[region].vpcs) {
                    if (other.is_default) bad(p + ".is_default", "a region has one default VPC");
                  }
                }
                account.regions[region].vpcs.push_back(std::move(v));
              });
  each_object(j, path, "subnets", {"id", "vpc", "cidr", "availability_zone", "public", "nat_gateway", "tags"},
              [&](const json& item, const std::string& p) {
                Subnet s;
                s.id = id_key(item, p, "id", "subnet-");
                s.vpc_id = str(item, p, "vpc", true);
                std::string region = owner_region(account, s.vpc_id, false, p + ".vpc");
                RegionData& data = account.regions[region];
                s.cidr = str(item, p, "cidr", true);
                Cidr c = cidr_of(s.cidr, p + ".cidr");
                const Vpc* vpc = data.find_vpc(s.vpc_id);
                if (!cidr_of(vpc->cidr, p).contains(c))
                  bad(p + ".cidr", s.cidr + " is not inside " + vpc->id + " (" + vpc->cidr + ")");
                for (const auto& other : data.subnets) {
                  if (other.vpc_id != s.vpc_id) continue;
                  Cidr o = cidr_of(other.cidr, p);
                  if (o.contains(c.base) || c.contains(o.base)) bad(p + ".cidr", s.cidr + " overlaps " + other.id);
                }
                s.availability_zone = str(item, p, "availability_zone", false, region + "a");
                if (s.availability_zone.size() != region.size() + 1 ||
                    s.availability_zone.compare(0, region.size(), region) != 0)
                  bad(p + ".availability_zone", "'" + s.availability_zone + "' is not a zone of " + region);
                s.is_public = bool_key(item, p, "public", false);
                s.is_default = vpc->is_default;
                s.nat_gateway = str(item, p, "nat_gateway", false);
                if (s.is_public && !s.nat_gateway.empty())
                  bad(p + ".nat_gateway", "a public subnet routes to the internet gateway");
                s.tags = read_tags(item, p);
                if (!subnet_region(account, s.id).empty()) bad(p + ".id", "duplicate subnet id");
                data.subnets.push_back(std::move(s));
              });
  each_object(j, path, "security_groups", {"id", "vpc", "name", "description", "tags", "ingress", "egress"},
              [&](const json& item, const std::string& p) {
                SecurityGroup g;
                g.id = id_key(item, p, "id", "sg-");
                g.vpc_id = str(item, p, "vpc", true);
                std::string region = owner_region(account, g.vpc_id, false, p + ".vpc");
                g.name = str(item, p, "name", true);
                g.description = str(item, p, "description", false, g.name);
                g.tags = read_tags(item, p);
                g.ingress = read_rules(item, p, "ingress");
                g.egress = item.contains("egress") ? read_rules(item, p, "egress")
                                                   : std::vector{all_traffic_to("0.0.0.0/0", {})};
                for (const auto& other : account.regions[region].security_groups) {
                  if (other.vpc_id == g.vpc_id && other.name == g.name)
                    bad(p + ".name", "duplicate group name in " + g.vpc_id);
                }
                account.regions[region].security_groups.push_back(std::move(g));
              });
  each_object(j, path, "nat_gateways", {"id", "subnet", "public_ip", "private_ip", "allocation_id", "tags"},
              [&](const json& item, const std::string& p) {
                NatGateway n;
                n.id = id_key(item, p, "id", "nat-");
                n.subnet_id = str(item, p, "subnet", true);
                std::string region = owner_region(account, n.subnet_id, true, p + ".subnet");
                RegionData& data = account.regions[region];
                const Subnet* subnet = data.find_subnet(n.subnet_id);
                if (!subnet->is_public) bad(p + ".subnet", "a NAT gateway lives in a public subnet");
                n.vpc_id = subnet->vpc_id;
                n.public_ip = str(item, p, "public_ip", false);
                n.private_ip = str(item, p, "private_ip", false);
                n.allocation_id = str(item, p, "allocation_id", false, derived_hex_id("eipalloc-", n.id));
                n.eni_id = derived_hex_id("eni-", n.id + "/eni");
                n.tags = read_tags(item, p);
                if (data.find_nat_gateway(n.id)) bad(p + ".id", "duplicate NAT gateway id");
                data.nat_gateways.push_back(std::move(n));
              });
  for (auto& [region, data] : account.regions) {
    for (const auto& s : data.subnets) {
      if (s.nat_gateway.empty()) continue;
      const NatGateway* n = data.find_nat_gateway(s.nat_gateway);
      if (!n || n->vpc_id != s.vpc_id)
        bad(path + ".subnets", "subnet " + s.id + ": no NAT gateway '" + s.nat_gateway + "' in its VPC");
    }
  }
  each_object(j, path, "elastic_ips", {"allocation_id", "region", "public_ip", "instance", "tags"},
              [&](const json& item, const std::string& p) {
                ElasticIp e;
                e.allocation_id = id_key(item, p, "allocation_id", "eipalloc-");
                std::string region = region_key(account, item, p);
                e.public_ip = str(item, p, "public_ip", false);
                e.instance_id = str(item, p, "instance", false);
                e.tags = read_tags(item, p);
                account.regions[region].elastic_ips.push_back(std::move(e));
              });
}

void load_instance_networking(Instance& in, NetworkDraft& draft, const json& j, const std::string& path) {
  in.subnet_id = str(j, path, "subnet", false);
  in.private_ip = str(j, path, "private_ip", false);
  if (auto it = j.find("public_ip"); it != j.end() && it->is_null()) draft.without_public_ip.insert(in.id);
  in.public_ip = str(j, path, "public_ip", false);
  for (auto& id : strings(j, path, "security_groups")) in.security_groups.push_back({std::move(id), {}});
  in.reservation_id = str(j, path, "reservation", false);
  if (!in.reservation_id.empty() && !is_hex_id(in.reservation_id, "r-", 8, 17))
    bad(path + ".reservation", "'" + in.reservation_id + "' is not r- and 8 or 17 hex digits");
}

void complete_networking(Estate& estate, const NetworkDraft& draft) {
  AddressRegistry reg;
  // First every explicit id and address, so derived ones never take them.
  for (auto& account : estate.accounts) {
    const std::string a = "accounts[" + account.id + "]";
    for (auto& [region, data] : account.regions) {
      if (account.region_enabled(region) || !data.instances.empty()) ensure_defaults(account, region, data);
      for (const auto& v : data.vpcs) reg.id(v.id, a + ".vpcs");
      check_rule_peers(data, a + ".security_groups");
      for (const auto& s : data.subnets) reg.id(s.id, a + ".subnets");
      for (const auto& g : data.security_groups) reg.id(g.id, a + ".security_groups");
      for (auto& n : data.nat_gateways) {
        reg.id(n.id, a + ".nat_gateways");
        reg.id(n.allocation_id, a + ".nat_gateways[" + n.id + "].allocation_id");
        if (!n.public_ip.empty())
          reg.public_ip(checked_public_ip(n.public_ip, a + ".nat_gateways"), a + ".nat_gateways");
        if (!n.private_ip.empty())
          reg.private_ip(n.vpc_id,
                         checked_private_ip(n.private_ip, *data.find_subnet(n.subnet_id), a + ".nat_gateways"),
                         a + ".nat_gateways[" + n.id + "].private_ip");
      }
      std::unordered_set<std::string> with_eip;  // their public_ip, if stated, is the Elastic IP's
      for (const auto& e : data.elastic_ips) {
        const std::string p = a + ".elastic_ips[" + e.allocation_id + "]";
        with_eip.insert(e.instance_id);
        reg.id(e.allocation_id, p);
        if (!e.public_ip.empty()) reg.public_ip(checked_public_ip(e.public_ip, p + ".public_ip"), p + ".public_ip");
        if (!e.instance_id.empty() && std::none_of(data.instances.begin(), data.instances.end(),
                                                   [&](const Instance& in) { return in.id == e.instance_id; })) {
          bad(p + ".instance", "no instance '" + e.instance_id + "' in " + region);
        }
      }
      for (const auto& in : data.instances) {
        const std::string p = a + ".instances[" + in.id + "]";
        if (!in.public_ip.empty() && !with_eip.contains(in.id))
          reg.public_ip(checked_public_ip(in.public_ip, p + ".public_ip"), p + ".public_ip");
      }
    }
  }
  std::unordered_map<std::string, std::string> reservation_owner;  // reservation -> account/region
  for (auto& account : estate.accounts) {
    const std::string a = "accounts[" + account.id + "]";
    for (auto& [region, data] : account.regions) {
      // Derived addresses: NAT gateways, Elastic IPs, then instances (explicit private IPs first).
      for (auto& n : data.nat_gateways) {
        if (n.public_ip.empty()) n.public_ip = format_ip(derive_public_ip(reg, n.allocation_id));
        data.elastic_ips.push_back({n.allocation_id, n.public_ip, {}, n.id, {}});
      }
      std::unordered_map<std::string, std::size_t> eip_of;
      for (std::size_t e = 0; e < data.elastic_ips.size(); ++e) {
        auto& eip = data.elastic_ips[e];
        if (eip.public_ip.empty()) eip.public_ip = format_ip(derive_public_ip(reg, eip.allocation_id));
        if (!eip.instance_id.empty() && !eip_of.emplace(eip.instance_id, e).second)
          bad(a + ".elastic_ips[" + eip.allocation_id + "].instance", "instance already has an Elastic IP");
      }
      for (auto& in : data.instances) {
        const std::string p = a + ".instances[" + in.id + "]";
        Subnet* subnet = nullptr;
        if (!in.subnet_id.empty()) {
          subnet = find_subnet(data, in.subnet_id);
          if (!subnet) bad(p + ".subnet", "no subnet '" + in.subnet_id + "' in " + region);
          if (!in.availability_zone.empty() && in.availability_zone != subnet->availability_zone)
            bad(p + ".availability_zone", "differs from its subnet's (" + subnet->availability_zone + ")");
          in.availability_zone = subnet->availability_zone;
        } else {
          if (in.availability_zone.empty()) in.availability_zone = region + "a";
          subnet =
              default_subnet(account, data, default_vpc(data), region, in.availability_zone, p + ".availability_zone");
          in.subnet_id = subnet->id;
        }
        in.vpc_id = subnet->vpc_id;
        if (!in.private_ip.empty())
          reg.private_ip(in.vpc_id, checked_private_ip(in.private_ip, *subnet, p + ".private_ip"), p + ".private_ip");
        if (auto e = eip_of.find(in.id); e != eip_of.end()) {
          const ElasticIp& eip = data.elastic_ips[e->second];
          if (!in.public_ip.empty() && in.public_ip != eip.public_ip)
            bad(p + ".public_ip", "differs from its Elastic IP " + eip.public_ip);
          in.public_ip = eip.public_ip;
          in.eip_allocation_id = eip.allocation_id;
        }
        if (!in.public_ip.empty() && !subnet->is_public)
          bad(p + ".public_ip", "an instance in a private subnet has no public IP");
        for (auto& g : in.security_groups) {
          auto it = std::find_if(data.security_groups.begin(), data.security_groups.end(),
                                 [&](const SecurityGroup& sg) { return sg.id == g.id; });
          if (it == data.security_groups.end() || it->vpc_id != in.vpc_id)
            bad(p + ".security_groups", "no security group '" + g.id + "' in " + in.vpc_id);
          g.name = it->name;
        }
      }
      for (auto& n : data.nat_gateways) {
        if (n.private_ip.empty())
          n.private_ip = format_ip(derive_private_ip(reg, *data.find_subnet(n.subnet_id), n.id));
      }
      std::string previous;
      int index = 0;
      for (auto& in : data.instances) {
        const std::string p = a + ".instances[" + in.id + "]";
        const Subnet& subnet = *data.find_subnet(in.subnet_id);
        if (in.private_ip.empty()) in.private_ip = format_ip(derive_private_ip(reg, subnet, in.id));
        const bool up = in.state == "pending" || in.state == "running" || in.state == "stopping";
        if (in.public_ip.empty() && subnet.is_public && up && !draft.without_public_ip.contains(in.id))
          in.public_ip = format_ip(derive_public_ip(reg, in.id));
        if (in.security_groups.empty()) {
          for (const auto& g : data.security_groups) {
            if (g.vpc_id == in.vpc_id && g.name == "default") in.security_groups.push_back({g.id, g.name});
          }
        }
        if (in.reservation_id.empty()) in.reservation_id = "r-" + in.id.substr(2);
        // One reservation's instances are listed together: DescribeInstances groups neighbours.
        const std::string owner = account.id + "/" + region;
        auto [it, fresh] = reservation_owner.emplace(in.reservation_id, owner);
        if (!fresh && (it->second != owner || previous != in.reservation_id))
          bad(p + ".reservation", in.reservation_id + ": a reservation's instances are listed together in one region");
        index = previous == in.reservation_id ? index + 1 : 0;
        in.launch_index = index;
        previous = in.reservation_id;
      }
    }
  }
}

std::string place_instance(Estate& estate, Account& account, Instance& in, const std::string& subnet_id,
                           const std::string& reservation_id) {
  try {
    RegionData& data = account.regions[in.region];
    ensure_defaults(account, in.region, data);
    Subnet* subnet = nullptr;
    if (!subnet_id.empty()) {
      subnet = find_subnet(data, subnet_id);
      if (!subnet) return "The subnet ID '" + subnet_id + "' does not exist";
      in.availability_zone = subnet->availability_zone;
    } else {
      if (in.availability_zone.empty()) in.availability_zone = in.region + "a";
      subnet = default_subnet(account, data, default_vpc(data), in.region, in.availability_zone, "availability_zone");
    }
    in.subnet_id = subnet->id;
    in.vpc_id = subnet->vpc_id;
    AddressRegistry reg = taken_addresses(estate, account, in.region);
    in.private_ip = format_ip(derive_private_ip(reg, *subnet, in.id));
    const bool up = in.state == "pending" || in.state == "running";
    in.public_ip = subnet->is_public && up ? format_ip(derive_public_ip(reg, in.id)) : std::string();
    for (auto& g : in.security_groups) {
      auto it = std::find_if(data.security_groups.begin(), data.security_groups.end(),
                             [&](const SecurityGroup& sg) { return sg.id == g.id && sg.vpc_id == in.vpc_id; });
      if (it == data.security_groups.end()) return "The security group '" + g.id + "' does not exist in " + in.vpc_id;
      g.name = it->name;
    }
    if (in.security_groups.empty()) {
      for (const auto& g : data.security_groups) {
        if (g.vpc_id == in.vpc_id && g.name == "default") in.security_groups.push_back({g.id, g.name});
      }
    }
    in.reservation_id = reservation_id.empty() ? "r-" + in.id.substr(2) : reservation_id;
    return {};
  } catch (const LoadError& e) {
    return e.message;
  }
}

void assign_public_ip(const Estate& estate, const Account& account, Instance& instance, std::uint64_t seq) {
  if (!instance.eip_allocation_id.empty()) return;  // an Elastic IP stays through stop and start
  instance.public_ip.clear();
  auto data = account.regions.find(instance.region);
  const Subnet* subnet = data == account.regions.end() ? nullptr : data->second.find_subnet(instance.subnet_id);
  if (!subnet || !subnet->is_public) return;
  AddressRegistry reg = taken_addresses(estate, account, instance.region);
  instance.public_ip = format_ip(derive_public_ip(reg, fmt::format("{}/start/{}", instance.id, seq)));
}

}  // namespace rolecall::emulator::load
