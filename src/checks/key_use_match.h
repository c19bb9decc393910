#pragma once
// Which instances a CloudTrail record of key use (KeyUse) came from: its source address traced
// through the estate's addresses. Pure; the same rule as the emulator's ground truth ("key_use",
// docs/checks/key-in-use-from-instance.md):
//   1. the public or Elastic IP of an instance: that instance (exact);
//   2. the public IP of a NAT gateway: every instance without a public IP in a subnet whose default
//      route goes through it (ambiguous, even when there is one);
//   3. through a VPC endpoint: every instance in the use's region with that private IP (exact when
//      one, else ambiguous);
//   4. anything else: used from outside the estate.
// Instance role sessions (the healthy case) are traced by the same rule: a session named after an
// instance is "from the instance" when that instance is among its source's candidates.

#include <string>
#include <unordered_map>
#include <vector>

#include "rolecall/inventory.h"

namespace rolecall::checks {

// How a use reached AWS.
enum class UseVia { kPublicIp, kNatGateway, kVpcEndpoint, kOutside };

// One KeyUse and the instances it may have come from.
struct UseMatch {
  const KeyUse* use = nullptr;
  UseVia via = UseVia::kOutside;
  std::string via_id;                       // the NAT gateway or VPC endpoint id
  std::vector<const Instance*> candidates;  // in inventory order
  bool exact() const { return candidates.size() == 1 && via != UseVia::kNatGateway; }
};

// One RoleSessionUse of an instance of the scan, and whether its source traces to that instance.
struct SessionMatch {
  const RoleSessionUse* use = nullptr;
  UseVia via = UseVia::kOutside;
  std::string via_id;          // the NAT gateway or VPC endpoint id
  bool from_instance = false;  // the instance is among the source's candidates
  // The source is an address (not an AWS service's name, as for calls a service made for the session).
  bool from_address = false;
};

// Every use of `inventory.key_evidence` matched once; instances are looked up by address. Keeps
// pointers into `inventory`, which must outlive it unchanged.
class KeyUseIndex {
 public:
  explicit KeyUseIndex(const Inventory& inventory);
  // The matches naming `instance` as a candidate (empty when none).
  const std::vector<const UseMatch*>& of(const Instance& instance) const;
  // The role sessions named after `instance` (empty when none), in key_evidence.role_sessions order.
  const std::vector<SessionMatch>& sessions_of(const Instance& instance) const;
  // Every match, in key_evidence.uses order.
  const std::vector<UseMatch>& matches() const { return matches_; }

 private:
  std::vector<UseMatch> matches_;
  std::unordered_map<const Instance*, std::vector<const UseMatch*>> by_instance_;
  std::unordered_map<const Instance*, std::vector<SessionMatch>> sessions_;
};

// "public IP 54.1.2.3", "NAT gateway nat-0abc (54.1.2.3)", "VPC endpoint vpce-0abc (10.0.1.5)",
// "outside the estate (203.0.113.9)".
std::string describe_via(const UseMatch& match);
// The same for a role session's source.
std::string describe_via(const SessionMatch& match);

}  // namespace rolecall::checks
