#include "emulator/estate/security_rules.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "emulator/estate/ipv4.h"
#include "emulator/estate/load_helpers.h"

namespace rolecall::emulator::load {
namespace {

using nlohmann::json;

int port_key(const json& j, const std::string& path, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return -1;
  if (!it->is_number_integer() || it->get<long long>() < -1 || it->get<long long>() > 65535)
    bad(path + "." + key, "expected a port from -1 to 65535");
  return it->get<int>();
}

}  // namespace

SecurityGroupRule all_traffic_to(std::string cidr, std::string group_id) {
  return {"-1", -1, -1, std::move(cidr), std::move(group_id)};
}

std::vector<SecurityGroupRule> read_rules(const json& j, const std::string& path, const char* key) {
  std::vector<SecurityGroupRule> out;
  const json& rules = arr(j, path, key);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string p = fmt::format("{}.{}[{}]", path, key, i);
    check_keys(rules[i], p, {"protocol", "from_port", "to_port", "cidr", "group"});
    SecurityGroupRule r;
    r.protocol = str(rules[i], p, "protocol", false, "-1");
    one_of(r.protocol, p + ".protocol", {"-1", "tcp", "udp", "icmp"});
    r.from_port = port_key(rules[i], p, "from_port");
    r.to_port = port_key(rules[i], p, "to_port");
    if (r.protocol != "-1" && (r.from_port < 0 || r.to_port < r.from_port))
      bad(p, "a tcp, udp or icmp rule names from_port <= to_port");
    r.cidr = str(rules[i], p, "cidr", false);
    r.group_id = str(rules[i], p, "group", false);
    if (r.cidr.empty() == r.group_id.empty()) bad(p, "a rule names one peer: cidr or group");
    if (!r.cidr.empty()) {
      auto slash = r.cidr.find('/');
      int prefix = -1;
      if (slash != std::string::npos) std::from_chars(r.cidr.data() + slash + 1, r.cidr.data() + r.cidr.size(), prefix);
      if (!parse_ip(std::string_view(r.cidr).substr(0, slash)) || prefix < 0 || prefix > 32)
        bad(p + ".cidr", "'" + r.cidr + "' is not an IPv4 CIDR block");
    }
    out.push_back(std::move(r));
  }
  return out;
}

void check_rule_peers(const RegionData& data, const std::string& path) {
  for (const auto& g : data.security_groups) {
    for (const auto* rules : {&g.ingress, &g.egress}) {
      for (const auto& r : *rules) {
        if (!r.group_id.empty() &&
            std::none_of(data.security_groups.begin(), data.security_groups.end(),
                         [&](const SecurityGroup& o) { return o.id == r.group_id && o.vpc_id == g.vpc_id; }))
          bad(path + "[" + g.id + "]", "rule peer '" + r.group_id + "' is no group of " + g.vpc_id);
      }
    }
  }
}

}  // namespace rolecall::emulator::load
