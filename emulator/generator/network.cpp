// The networking of a generated estate: per account+region a VPC (more when a region holds more
// instances than one VPC's subnets), public and private subnets in three zones, a NAT gateway per
// zone, security groups, Elastic IPs, and instances grouped into reservations with addresses.

#include <array>

#include <fmt/format.h>

#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

using nlohmann::json;

constexpr std::string_view kNetworkHex = "0123456789abcdef";
constexpr int kZones = 3;

std::string fresh_id(Rng& net, UsedNetwork& used, std::string_view prefix) {
  while (true) {
    std::string id(prefix);
    id += kNetworkHex[net.below(16)];
    std::uint64_t low = net.next();
    for (int shift = 60; shift >= 0; shift -= 4) id += kNetworkHex[(low >> shift) & 0xf];
    if (used.ids.insert(id).second) return id;
  }
}

std::string dotted(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

// A public address in ranges EC2 hands out, never issued before in this estate.
std::string public_ip(Rng& net, UsedNetwork& used) {
  static constexpr std::array<std::uint32_t, 8> kFirstOctets = {3, 13, 18, 34, 35, 44, 52, 54};
  while (true) {
    std::uint32_t ip =
        (kFirstOctets[net.below(kFirstOctets.size())] << 24) | static_cast<std::uint32_t>(net.below(0xffffff));
    if ((ip & 0xff) == 0 || (ip & 0xff) == 255) continue;
    if (used.public_ips.insert(ip).second) return dotted(ip);
  }
}

json tags(std::string name) {
  json t(json::value_t::object);
  t.get_ref<json::object_t&>().emplace("Name", std::move(name));
  return t;
}

struct SubnetPlan {
  std::string id;
  std::string zone;
  std::uint32_t next = 0;  // next free address
  std::uint32_t end = 0;   // last usable + 1
  bool is_public = false;
  std::string group;  // security group its instances use
};

// One VPC: 10.<n>.0.0/16 with /20 public and /18 private subnets per zone.
struct VpcPlan {
  std::vector<SubnetPlan> public_subnets;
  std::vector<SubnetPlan> private_subnets;
};

VpcPlan add_vpc(Rng& net, Cell& cell, int number, UsedNetwork& used) {
  const std::string vpc = fresh_id(net, used, "vpc-");
  const std::uint32_t base = (10u << 24) | (static_cast<std::uint32_t>(number) << 16);
  cell.vpcs.push_back({{"id", vpc},
                       {"region", cell.region},
                       {"cidr", dotted(base) + "/16"},
                       {"tags", tags(number == 0 ? "main" : fmt::format("main-{}", number + 1))}});
  const std::string web = fresh_id(net, used, "sg-");
  const std::string app = fresh_id(net, used, "sg-");
  cell.security_groups.push_back(
      {{"id", web},
       {"vpc", vpc},
       {"name", "web"},
       {"description", "HTTPS from the internet"},
       {"ingress", json::array({{{"protocol", "tcp"}, {"from_port", 443}, {"to_port", 443}, {"cidr", "0.0.0.0/0"}}})}});
  cell.security_groups.push_back(
      {{"id", app},
       {"vpc", vpc},
       {"name", "app"},
       {"description", "From the web tier"},
       {"ingress", json::array({{{"protocol", "tcp"}, {"from_port", 8080}, {"to_port", 8080}, {"group", web}}})}});
  VpcPlan plan;
  for (int z = 0; z < kZones; ++z) {
    const std::string zone = cell.region + static_cast<char>('a' + z);
    const std::uint32_t pub = base | (static_cast<std::uint32_t>(z) << 12);       // 10.n.(16z).0/20
    const std::uint32_t priv = base | (static_cast<std::uint32_t>(1 + z) << 14);  // 10.n.(64+64z).0/18
    SubnetPlan p{fresh_id(net, used, "subnet-"), zone, pub + 10, pub + (1u << 12) - 1, true, web};
    SubnetPlan q{fresh_id(net, used, "subnet-"), zone, priv + 10, priv + (1u << 14) - 1, false, app};
    const std::string nat = fresh_id(net, used, "nat-");
    cell.subnets.push_back({{"id", p.id},
                            {"vpc", vpc},
                            {"cidr", dotted(pub) + "/20"},
                            {"availability_zone", zone},
                            {"public", true},
                            {"tags", tags("public-" + zone)}});
    cell.subnets.push_back({{"id", q.id},
                            {"vpc", vpc},
                            {"cidr", dotted(priv) + "/18"},
                            {"availability_zone", zone},
                            {"public", false},
                            {"nat_gateway", nat},
                            {"tags", tags("private-" + zone)}});
    cell.nat_gateways.push_back({{"id", nat},
                                 {"subnet", p.id},
                                 {"public_ip", public_ip(net, used)},
                                 {"private_ip", dotted(pub + 5)},
                                 {"allocation_id", fresh_id(net, used, "eipalloc-")},
                                 {"tags", tags("nat-" + zone)}});
    plan.public_subnets.push_back(std::move(p));
    plan.private_subnets.push_back(std::move(q));
  }
  return plan;
}

// 70% single instances, then 2, 3 or 4 launched together.
std::size_t reservation_size(Rng& net) {
  auto r = net.below(100);
  if (r < 70) return 1;
  if (r < 85) return 2;
  if (r < 95) return 3;
  return 4;
}

bool is_up(const json& instance) {
  const auto& state = instance.at("state").get_ref<const std::string&>();
  return state == "pending" || state == "running" || state == "stopping";
}

}  // namespace

void add_networking(Rng& net, Cell& cell, UsedNetwork& used) {
  std::vector<VpcPlan> vpcs;
  vpcs.push_back(add_vpc(net, cell, 0, used));
  auto& instances = cell.instances;
  for (std::size_t i = 0; i < instances.size();) {
    const std::size_t size = std::min(reservation_size(net), instances.size() - i);
    const std::string reservation = fresh_id(net, used, "r-");
    const auto placement = net.below(100);  // 10% default VPC, 30% public subnets, 60% private
    const int zone = static_cast<int>(net.below(kZones));
    SubnetPlan* subnet = nullptr;
    if (placement >= 10) {
      for (std::size_t v = 0; !subnet; ++v) {
        if (v == vpcs.size()) vpcs.push_back(add_vpc(net, cell, static_cast<int>(v), used));
        auto& list = placement < 40 ? vpcs[v].public_subnets : vpcs[v].private_subnets;
        SubnetPlan& candidate = list[static_cast<std::size_t>(zone)];
        if (candidate.end - candidate.next >= 3 * size) subnet = &candidate;
      }
    }
    const json leader = instances[i];
    for (std::size_t k = 0; k < size; ++k) {
      auto& o = instances[i + k].get_ref<json::object_t&>();
      o["reservation"] = reservation;
      o["launch_time"] = leader.at("launch_time");  // launched together
      o["instance_type"] = leader.at("instance_type");
      if (!subnet) {
        o["availability_zone"] = cell.region + static_cast<char>('a' + zone);
        continue;
      }
      o["subnet"] = subnet->id;
      o["private_ip"] = dotted(subnet->next);
      subnet->next += 1 + static_cast<std::uint32_t>(net.below(3));
      o["security_groups"] = json::array({subnet->group});
      if (!subnet->is_public) continue;
      if (net.percent(10)) {  // an Elastic IP: kept while stopped
        std::string ip = public_ip(net, used);
        cell.elastic_ips.push_back({{"allocation_id", fresh_id(net, used, "eipalloc-")},
                                    {"region", cell.region},
                                    {"public_ip", ip},
                                    {"instance", o["id"]}});
        o["public_ip"] = std::move(ip);
      } else if (is_up(instances[i + k])) {
        o["public_ip"] = public_ip(net, used);
      } else {
        o["public_ip"] = nullptr;  // a stopped instance gives its public IP back
      }
    }
    i += size;
  }
  if (net.percent(20)) {  // allocated, never associated
    cell.elastic_ips.push_back({{"allocation_id", fresh_id(net, used, "eipalloc-")},
                                {"region", cell.region},
                                {"public_ip", public_ip(net, used)}});
  }
}

}  // namespace rolecall::emulator::gen
