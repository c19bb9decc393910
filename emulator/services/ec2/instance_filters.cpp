#include "emulator/services/ec2/instance_filters.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "base/glob.h"
#include "emulator/services/ec2/common.h"

namespace rolecall::emulator::ec2 {
namespace {

// What a filter reads: the instance as one request sees it.
struct Subject {
  const Instance& in;
  const std::string& account_id;
  std::uint64_t seq;
};

using Values = std::vector<std::string>;
using Extract = void (*)(const Subject&, Values&);

struct InstanceFilter {
  std::string_view name;
  Extract values;
};

std::string state_of(const Subject& s) { return effective_state(s.in, s.seq); }

void public_ip(const Subject& s, Values& v) {
  if (!s.in.public_ip.empty()) v.push_back(s.in.public_ip);
}
void public_dns(const Subject& s, Values& v) {
  if (!s.in.public_ip.empty()) v.push_back(public_dns_name(s.in.public_ip, s.in.region));
}
void ip_owner(const Subject& s, Values& v) {
  if (!s.in.public_ip.empty()) v.push_back(s.in.eip_allocation_id.empty() ? "amazon" : s.account_id);
}
void allocation(const Subject& s, Values& v) {
  if (!s.in.eip_allocation_id.empty()) v.push_back(s.in.eip_allocation_id);
}
void eip_association(const Subject& s, Values& v) {
  if (!s.in.eip_allocation_id.empty()) v.push_back(eip_association_id(s.in));
}
void private_ip(const Subject& s, Values& v) { v.push_back(s.in.private_ip); }
void private_dns(const Subject& s, Values& v) { v.push_back(private_dns_name(s.in.private_ip, s.in.region)); }
void group_ids(const Subject& s, Values& v) {
  for (const auto& g : s.in.security_groups) v.push_back(g.id);
}
void group_names(const Subject& s, Values& v) {
  for (const auto& g : s.in.security_groups) v.push_back(g.name);
}
void subnet(const Subject& s, Values& v) { v.push_back(s.in.subnet_id); }
void vpc(const Subject& s, Values& v) { v.push_back(s.in.vpc_id); }
void owner(const Subject& s, Values& v) { v.push_back(s.account_id); }
void zone(const Subject& s, Values& v) { v.push_back(s.in.availability_zone); }
void launch_time(const Subject& s, Values& v) { v.push_back(s.in.launch_time); }
void is_true(const Subject&, Values& v) { v.push_back("true"); }
void is_false(const Subject&, Values& v) { v.push_back("false"); }
void zero(const Subject&, Values& v) { v.push_back("0"); }
void attached(const Subject&, Values& v) { v.push_back("attached"); }
void root_device(const Subject&, Values& v) { v.push_back("/dev/xvda"); }
// Things the model never gives an instance (key pairs, Spot, kernels, product codes): nothing matches.
void none(const Subject&, Values&) {}
void ebs_only(const Subject& s, Values& v, std::string value) {
  if (s.in.root_device_type == "ebs") v.push_back(std::move(value));
}
void stopped_reason(const Subject& s, Values& v, bool message) {
  std::string state = state_of(s);
  if (state == "stopped" || state == "stopping")
    v.push_back(message ? "Client.UserInitiatedShutdown: User initiated shutdown" : "Client.UserInitiatedShutdown");
}
const Association* profile(const Subject& s) {
  const Association* a = effective_association(s.in, s.seq);
  return a && a->disassociated_seq == 0 ? a : nullptr;
}

// The filters the estate model answers, by documented name (EC2 API Reference, DescribeInstances).
const std::array kSupported = {
    InstanceFilter{"architecture", [](const Subject&, Values& v) { v.push_back("x86_64"); }},
    InstanceFilter{"availability-zone", zone},
    InstanceFilter{"block-device-mapping.attach-time",
                   [](const Subject& s, Values& v) { ebs_only(s, v, s.in.launch_time); }},
    InstanceFilter{"block-device-mapping.delete-on-termination",
                   [](const Subject& s, Values& v) { ebs_only(s, v, "true"); }},
    InstanceFilter{"block-device-mapping.device-name", [](const Subject& s, Values& v) { ebs_only(s, v, "/dev/xvda"); }},
    InstanceFilter{"block-device-mapping.status", [](const Subject& s, Values& v) { ebs_only(s, v, "attached"); }},
    InstanceFilter{"block-device-mapping.volume-id",
                   [](const Subject& s, Values& v) { ebs_only(s, v, root_volume_id(s.in)); }},
    InstanceFilter{"dns-name", public_dns},
    InstanceFilter{"ebs-optimized", is_false},
    InstanceFilter{"ena-support", is_true},
    InstanceFilter{"enclave-options.enabled", is_false},
    InstanceFilter{"hypervisor", [](const Subject&, Values& v) { v.push_back("xen"); }},
    InstanceFilter{"iam-instance-profile.arn",
                   [](const Subject& s, Values& v) {
                     if (const Association* a = profile(s)) v.push_back(a->profile_arn);
                   }},
    InstanceFilter{"iam-instance-profile.id",
                   [](const Subject& s, Values& v) {
                     if (const Association* a = profile(s)) v.push_back(a->profile_id);
                   }},
    InstanceFilter{"image-id",
                   [](const Subject& s, Values& v) {
                     // The rendered image id (derived when the estate names none) lives in the XML.
                     auto at = s.in.xml_static.find("<imageId>");
                     auto end = s.in.xml_static.find("</imageId>");
                     if (at != std::string::npos && end != std::string::npos)
                       v.push_back(s.in.xml_static.substr(at + 9, end - at - 9));
                   }},
    InstanceFilter{"instance-id", [](const Subject& s, Values& v) { v.push_back(s.in.id); }},
    InstanceFilter{"instance-lifecycle", none},
    InstanceFilter{"instance-state-code",
                   [](const Subject& s, Values& v) { v.push_back(std::to_string(state_code(state_of(s)))); }},
    InstanceFilter{"instance-state-name", [](const Subject& s, Values& v) { v.push_back(state_of(s)); }},
    InstanceFilter{"instance-type", [](const Subject& s, Values& v) { v.push_back(s.in.instance_type); }},
    InstanceFilter{"instance.group-id", group_ids},
    InstanceFilter{"instance.group-name", group_names},
    InstanceFilter{"ip-address", public_ip},
    InstanceFilter{"kernel-id", none},
    InstanceFilter{"key-name", none},
    InstanceFilter{"launch-index", [](const Subject& s, Values& v) { v.push_back(std::to_string(s.in.launch_index)); }},
    InstanceFilter{"launch-time", launch_time},
    InstanceFilter{"metadata-options.http-endpoint", [](const Subject&, Values& v) { v.push_back("enabled"); }},
    InstanceFilter{"metadata-options.http-protocol-ipv4", [](const Subject&, Values& v) { v.push_back("enabled"); }},
    InstanceFilter{"metadata-options.http-protocol-ipv6", [](const Subject&, Values& v) { v.push_back("disabled"); }},
    InstanceFilter{"metadata-options.http-put-response-hop-limit",
                   [](const Subject& s, Values& v) { v.push_back(s.in.http_tokens == "required" ? "2" : "1"); }},
    InstanceFilter{"metadata-options.http-tokens", [](const Subject& s, Values& v) { v.push_back(s.in.http_tokens); }},
    InstanceFilter{"metadata-options.instance-metadata-tags",
                   [](const Subject&, Values& v) { v.push_back("disabled"); }},
    InstanceFilter{"metadata-options.state", [](const Subject&, Values& v) { v.push_back("applied"); }},
    InstanceFilter{"monitoring-state", [](const Subject&, Values& v) { v.push_back("disabled"); }},
    InstanceFilter{"network-interface.addresses.association.allocation-id", allocation},
    InstanceFilter{"network-interface.addresses.association.association-id", eip_association},
    InstanceFilter{"network-interface.addresses.association.ip-owner-id", ip_owner},
    InstanceFilter{"network-interface.addresses.association.public-dns-name", public_dns},
    InstanceFilter{"network-interface.addresses.association.public-ip", public_ip},
    InstanceFilter{"network-interface.addresses.primary", is_true},
    InstanceFilter{"network-interface.addresses.private-dns-name", private_dns},
    InstanceFilter{"network-interface.addresses.private-ip-address", private_ip},
    InstanceFilter{"network-interface.association.allocation-id", allocation},
    InstanceFilter{"network-interface.association.association-id", eip_association},
    InstanceFilter{"network-interface.association.ip-owner-id", ip_owner},
    InstanceFilter{"network-interface.association.public-dns-name", public_dns},
    InstanceFilter{"network-interface.association.public-ip", public_ip},
    InstanceFilter{"network-interface.attachment.attach-time", launch_time},
    InstanceFilter{"network-interface.attachment.attachment-id",
                   [](const Subject& s, Values& v) { v.push_back(eni_attachment_id(s.in)); }},
    InstanceFilter{"network-interface.attachment.delete-on-termination", is_true},
    InstanceFilter{"network-interface.attachment.device-index", zero},
    InstanceFilter{"network-interface.attachment.instance-id", [](const Subject& s, Values& v) { v.push_back(s.in.id); }},
    InstanceFilter{"network-interface.attachment.instance-owner-id", owner},
    InstanceFilter{"network-interface.attachment.network-card-index", zero},
    InstanceFilter{"network-interface.attachment.status", attached},
    InstanceFilter{"network-interface.availability-zone", zone},
    InstanceFilter{"network-interface.description", [](const Subject&, Values& v) { v.emplace_back(); }},
    InstanceFilter{"network-interface.group-id", group_ids},
    InstanceFilter{"network-interface.group-name", group_names},
    InstanceFilter{"network-interface.mac-address", [](const Subject& s, Values& v) { v.push_back(mac_address(s.in)); }},
    InstanceFilter{"network-interface.network-interface-id",
                   [](const Subject& s, Values& v) { v.push_back(eni_id(s.in)); }},
    InstanceFilter{"network-interface.owner-id", owner},
    InstanceFilter{"network-interface.private-dns-name", private_dns},
    InstanceFilter{"network-interface.private-ip-address", private_ip},
    InstanceFilter{"network-interface.public-dns-name", public_dns},
    InstanceFilter{"network-interface.requester-managed", is_false},
    InstanceFilter{"network-interface.source-dest-check", is_true},
    InstanceFilter{"network-interface.status", [](const Subject&, Values& v) { v.push_back("in-use"); }},
    InstanceFilter{"network-interface.subnet-id", subnet},
    InstanceFilter{"network-interface.vpc-id", vpc},
    InstanceFilter{"owner-id", owner},
    InstanceFilter{"platform", none},
    InstanceFilter{"platform-details", [](const Subject&, Values& v) { v.push_back("Linux/UNIX"); }},
    InstanceFilter{"private-dns-name", private_dns},
    InstanceFilter{"private-ip-address", private_ip},
    InstanceFilter{"product-code", none},
    InstanceFilter{"product-code.type", none},
    InstanceFilter{"ramdisk-id", none},
    InstanceFilter{"reason", [](const Subject&, Values& v) { v.emplace_back(); }},
    InstanceFilter{"reservation-id", [](const Subject& s, Values& v) { v.push_back(s.in.reservation_id); }},
    InstanceFilter{"root-device-name", root_device},
    InstanceFilter{"root-device-type", [](const Subject& s, Values& v) { v.push_back(s.in.root_device_type); }},
    InstanceFilter{"source-dest-check", is_true},
    InstanceFilter{"spot-instance-request-id", none},
    InstanceFilter{"state-reason-code", [](const Subject& s, Values& v) { stopped_reason(s, v, false); }},
    InstanceFilter{"state-reason-message", [](const Subject& s, Values& v) { stopped_reason(s, v, true); }},
    InstanceFilter{"subnet-id", subnet},
    InstanceFilter{"tag-key",
                   [](const Subject& s, Values& v) {
                     for (const auto& [k, value] : s.in.tags) v.push_back(k);
                   }},
    // Not in the current DescribeInstances list but accepted by EC2 (and older documentation).
    InstanceFilter{"tag-value",
                   [](const Subject& s, Values& v) {
                     for (const auto& [k, value] : s.in.tags) v.push_back(value);
                   }},
    InstanceFilter{"tenancy", [](const Subject&, Values& v) { v.push_back("default"); }},
    InstanceFilter{"usage-operation", [](const Subject&, Values& v) { v.push_back("RunInstances"); }},
    InstanceFilter{"virtualization-type", [](const Subject&, Values& v) { v.push_back("hvm"); }},
    InstanceFilter{"vpc-id", vpc},
};

// Documented names the estate does not model (placement, capacity, IPv6, Outposts, ...).
constexpr std::array<std::string_view, 42> kUnsupported = {
    "affinity",
    "availability-zone-id",
    "boot-mode",
    "capacity-reservation-id",
    "capacity-reservation-specification.capacity-reservation-preference",
    "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id",
    "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn",
    "client-token",
    "current-instance-boot-mode",
    "hibernation-options.configured",
    "host-id",
    "ipv6-address",
    "maintenance-options.auto-recovery",
    "network-interface.addresses.association.carrier-ip",
    "network-interface.addresses.association.customer-owned-ip",
    "network-interface.association.carrier-ip",
    "network-interface.association.customer-owned-ip",
    "network-interface.deny-all-igw-traffic",
    "network-interface.ipv4-prefixes.ipv4-prefix",
    "network-interface.ipv6-address",
    "network-interface.ipv6-addresses.ipv6-address",
    "network-interface.ipv6-addresses.is-primary-ipv6",
    "network-interface.ipv6-native",
    "network-interface.ipv6-prefixes.ipv6-prefix",
    "network-interface.operator.managed",
    "network-interface.operator.principal",
    "network-interface.outpost-arn",
    "network-interface.requester-id",
    "network-interface.tag-key",
    "network-interface.tag-value",
    "network-performance-options.bandwidth-weighting",
    "operator.managed",
    "operator.principal",
    "outpost-arn",
    "placement-group-name",
    "placement-partition-number",
    "private-dns-name-options.enable-resource-name-dns-a-record",
    "private-dns-name-options.enable-resource-name-dns-aaaa-record",
    "private-dns-name-options.hostname-type",
    "requester-id",
    "tpm-support",
    "usage-operation-update-time",
};

const InstanceFilter* find_filter(std::string_view name) {
  auto it = std::lower_bound(kSupported.begin(), kSupported.end(), name,
                             [](const InstanceFilter& f, std::string_view n) { return f.name < n; });
  return it != kSupported.end() && it->name == name ? &*it : nullptr;
}

bool tag_filter(const std::string& name) { return name.starts_with("tag:"); }

}  // namespace

std::optional<ApiError> check_instance_filters(const Filters& filters) {
  for (const auto& [name, values] : filters) {
    if (tag_filter(name) || find_filter(name)) continue;
    if (std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end()) {
      return unsupported_filter(name, "DescribeInstances");
    }
    return ApiError{400, "InvalidParameterValue", fmt::format("The filter '{}' is invalid", name), true};
  }
  return std::nullopt;
}

bool instance_matches(const Instance& instance, const std::string& account_id, const Filters& filters,
                      std::uint64_t seq) {
  Subject subject{instance, account_id, seq};
  Values values;
  for (const auto& [name, patterns] : filters) {
    values.clear();
    if (tag_filter(name)) {
      std::string_view key = std::string_view(name).substr(4);
      for (const auto& [k, v] : instance.tags) {
        if (k == key) values.push_back(v);
      }
    } else if (const InstanceFilter* filter = find_filter(name)) {
      filter->values(subject, values);
    }
    bool hit = false;
    for (const auto& value : values) {
      for (const auto& p : patterns) hit = hit || base::glob_match(p, value, false);
    }
    if (!hit) return false;
  }
  return true;
}

}  // namespace rolecall::emulator::ec2
