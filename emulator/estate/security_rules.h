#pragma once
// Security group rules as an estate states them (docs/estate-schema.md "security_groups").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::load {

// All traffic to or from `cidr` or, when it is empty, the group `group_id`.
SecurityGroupRule all_traffic_to(std::string cidr, std::string group_id);

// The rules of `key` ("ingress", "egress") of the group object `j` at `path`: each a protocol,
// ports and one peer (cidr or group). Throws LoadError.
std::vector<SecurityGroupRule> read_rules(const nlohmann::json& j, const std::string& path, const char* key);

// Throws LoadError (at `path`) when a rule of `data`'s groups names a peer group that is not one
// of the same VPC.
void check_rule_peers(const RegionData& data, const std::string& path);

}  // namespace rolecall::emulator::load
