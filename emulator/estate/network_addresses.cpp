#include "emulator/estate/network_addresses.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "base/sha256.h"
#include "emulator/estate/ipv4.h"
#include "emulator/estate/load_helpers.h"

namespace rolecall::emulator::load {
namespace {

std::uint64_t address_hash64(const std::string& text) {
  const base::Sha256Digest d = base::sha256(text);
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | d[static_cast<std::size_t>(i)];
  return h;
}

// An address inside `cidr`, not one of the five AWS reserves in every subnet.
bool usable_in(const Cidr& cidr, std::uint32_t ip) {
  return cidr.contains(ip) && ip - cidr.base >= 4 && ip - cidr.base < cidr.size() - 1;
}

}  // namespace

Cidr cidr_of(const std::string& text, const std::string& path) {
  auto slash = text.find('/');
  int prefix = -1;
  std::optional<std::uint32_t> ip = parse_ip(std::string_view(text).substr(0, slash));
  if (slash != std::string::npos) {
    auto [end, ec] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), prefix);
    if (ec != std::errc() || end != text.data() + text.size()) prefix = -1;
  }
  if (!ip || prefix < 16 || prefix > 28) bad(path, "'" + text + "' is not an IPv4 CIDR block from /16 to /28");
  Cidr c{*ip, prefix};
  if ((c.base & static_cast<std::uint32_t>(c.size() - 1)) != 0) bad(path, "'" + text + "' has host bits set");
  return c;
}

void AddressRegistry::id(const std::string& id, const std::string& path) {
  if (!ids.insert(id).second) bad(path, "duplicate id '" + id + "'");
}

void AddressRegistry::public_ip(std::uint32_t ip, const std::string& path) {
  if (!public_ips.insert(ip).second) bad(path, "public IP " + format_ip(ip) + " is used twice");
}

void AddressRegistry::private_ip(const std::string& vpc, std::uint32_t ip, const std::string& path) {
  if (!private_ips[vpc].insert(ip).second) bad(path, "private IP " + format_ip(ip) + " is used twice in " + vpc);
}

std::uint32_t checked_private_ip(const std::string& text, const Subnet& subnet, const std::string& path) {
  auto ip = parse_ip(text);
  if (!ip) bad(path, "'" + text + "' is not an IPv4 address");
  if (!usable_in(cidr_of(subnet.cidr, path), *ip))
    bad(path, fmt::format("{} is not a usable address of {} ({})", text, subnet.id, subnet.cidr));
  return *ip;
}

std::uint32_t checked_public_ip(const std::string& text, const std::string& path) {
  auto ip = parse_ip(text);
  if (!ip) bad(path, "'" + text + "' is not an IPv4 address");
  return *ip;
}

std::uint32_t derive_private_ip(AddressRegistry& reg, const Subnet& subnet, const std::string& seed) {
  Cidr c = cidr_of(subnet.cidr, subnet.id);
  const std::uint64_t hosts = c.size() - 5;
  auto& used = reg.private_ips[subnet.vpc_id];
  std::uint64_t start = address_hash64(seed) % hosts;
  for (std::uint64_t k = 0; k < hosts; ++k) {
    std::uint32_t ip = c.base + 4 + static_cast<std::uint32_t>((start + k) % hosts);
    if (used.insert(ip).second) return ip;
  }
  bad(subnet.id, "no free address left in " + subnet.cidr);
}

std::uint32_t derive_public_ip(AddressRegistry& reg, const std::string& seed) {
  // The first octets of EC2's public ranges: 3/8, 13/8, 18/8, 34/8, 35/8, 44/8, 52/8, 54/8.
  static constexpr std::uint32_t kFirstOctets[] = {3, 13, 18, 34, 35, 44, 52, 54};
  std::uint64_t h = address_hash64(seed);
  std::uint32_t ip = (kFirstOctets[h % 8] << 24) | static_cast<std::uint32_t>((h >> 8) & 0xffffff);
  while (true) {
    if ((ip & 0xff) == 0 || (ip & 0xff) == 255 || !reg.public_ips.insert(ip).second) {
      ip = (ip & 0xff000000u) | ((ip + 1) & 0x00ffffffu);
      continue;
    }
    return ip;
  }
}

AddressRegistry taken_addresses(const Estate& estate, const Account& account, const std::string& in_region) {
  AddressRegistry reg;
  auto ip = [](const std::string& text) { return parse_ip(text).value_or(0); };
  for (const auto& a : estate.accounts) {
    for (const auto& [region, d] : a.regions) {
      const bool same_region = &a == &account && region == in_region;
      for (const auto& e : d.elastic_ips) reg.public_ips.insert(ip(e.public_ip));
      for (const auto& x : d.instances) {
        if (!x.public_ip.empty()) reg.public_ips.insert(ip(x.public_ip));
        if (same_region) reg.private_ips[x.vpc_id].insert(ip(x.private_ip));
      }
      for (const auto& n : d.nat_gateways) {
        if (same_region) reg.private_ips[n.vpc_id].insert(ip(n.private_ip));
      }
    }
  }
  return reg;
}

}  // namespace rolecall::emulator::load
