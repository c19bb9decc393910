#pragma once
// Estate networking (docs/estate-schema.md "Networking"): VPCs, subnets, security groups, NAT
// gateways and Elastic IPs per account and region, and each instance's addresses. What an estate
// leaves out is derived deterministically, the way AWS sets up a default VPC.

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::load {

// What the loader remembers between reading instances and completing the networking.
struct NetworkDraft {
  std::set<std::string> without_public_ip;  // instances whose estate says "public_ip": null
};

// Reads an account's vpcs, subnets, security_groups, nat_gateways and elastic_ips (before its instances).
void load_networking(Account& account, const nlohmann::json& account_json, const std::string& path);
// Reads an instance's subnet, private_ip, public_ip, security_groups and reservation keys.
void load_instance_networking(Instance& instance, NetworkDraft& draft, const nlohmann::json& j,
                              const std::string& path);
// Once every account is loaded: default VPCs, derived addresses and groups, and the consistency
// checks (addresses inside their subnet, unique per VPC and estate-wide). Throws LoadError.
void complete_networking(Estate& estate, const NetworkDraft& draft);

// Gives an instance created while serving (RunInstances) its networking the way the loader would:
// subnet `subnet_id` (else the default VPC's subnet of its zone), a free private IP, a public IP
// when up in a public subnet, its VPC's default group unless it names groups, and
// `reservation_id` (else its own). `instance` must not be in the region yet. Returns "" or why not.
std::string place_instance(Estate& estate, Account& account, Instance& instance, const std::string& subnet_id,
                           const std::string& reservation_id);

// Gives `instance` (of `account`, being started by request `seq`) a fresh auto-assigned public IP,
// as EC2 does on start, when it is in a public subnet and has no Elastic IP (that one stays).
void assign_public_ip(const Estate& estate, const Account& account, Instance& instance, std::uint64_t seq);

}  // namespace rolecall::emulator::load
