#pragma once
// The estate's IPv4 address plan: CIDR blocks, the addresses already taken (for the uniqueness
// checks), and the deterministic choice of a free private or public address.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::load {

// An IPv4 CIDR block.
struct Cidr {
  std::uint32_t base = 0;
  int prefix = 32;
  std::uint64_t size() const { return 1ull << (32 - prefix); }
  bool contains(std::uint32_t ip) const { return ip - base < size(); }
  bool contains(const Cidr& other) const { return contains(other.base) && other.prefix >= prefix; }
};

// `text` as a /16 to /28 block without host bits; a load error at `path` otherwise.
Cidr cidr_of(const std::string& text, const std::string& path);

// Every id and address seen while loading, estate-wide, for the uniqueness checks.
struct AddressRegistry {
  std::unordered_set<std::string> ids;
  std::unordered_set<std::uint32_t> public_ips;
  std::map<std::string, std::unordered_set<std::uint32_t>> private_ips;  // per VPC

  // Records `id`; a load error at `path` when it was seen before.
  void id(const std::string& id, const std::string& path);
  // Records public address `ip`; a load error at `path` when it is taken.
  void public_ip(std::uint32_t ip, const std::string& path);
  // Records private address `ip` of `vpc`; a load error at `path` when it is taken there.
  void private_ip(const std::string& vpc, std::uint32_t ip, const std::string& path);
};

// `text` as a usable address of `subnet` (inside it, not one of AWS's five reserves); a load error at `path` otherwise.
std::uint32_t checked_private_ip(const std::string& text, const Subnet& subnet, const std::string& path);
// `text` as an address; a load error at `path` otherwise.
std::uint32_t checked_public_ip(const std::string& text, const std::string& path);

// A free address of `subnet` chosen from `seed` (the same estate always gets the same
// addresses), recorded as taken; a load error when the subnet is full.
std::uint32_t derive_private_ip(AddressRegistry& reg, const Subnet& subnet, const std::string& seed);
// A free public address in ranges EC2 hands out, chosen from `seed` and recorded as taken.
std::uint32_t derive_public_ip(AddressRegistry& reg, const std::string& seed);

// The addresses taken now: public ones estate-wide, private ones of `account`'s `region` per VPC.
AddressRegistry taken_addresses(const Estate& estate, const Account& account, const std::string& region);

}  // namespace rolecall::emulator::load
