// EC2 DescribeSecurityGroups: each group with its ingress and egress rules (docs/emulator.md).
#include <algorithm>

#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/resource_list.h"

namespace rolecall::emulator::ec2 {
namespace {

// An IpPermissions list (botocore's IpPermission): one <item> per rule, the peer group with the
// account as its owner.
void render_rules(XmlWriter& w, const char* tag, const std::vector<SecurityGroupRule>& rules,
                  const std::string& account) {
  if (rules.empty()) {
    w.empty(tag);
    return;
  }
  w.open(tag);
  for (const auto& r : rules) {
    w.open("item").leaf("ipProtocol", r.protocol);
    if (r.protocol != "-1") w.leaf("fromPort", static_cast<long long>(r.from_port));
    if (r.protocol != "-1") w.leaf("toPort", static_cast<long long>(r.to_port));
    if (r.group_id.empty()) {
      w.empty("groups").open("ipRanges").open("item").leaf("cidrIp", r.cidr).close("item").close("ipRanges");
    } else {
      w.open("groups").open("item").leaf("userId", account).leaf("groupId", r.group_id).close("item").close("groups");
      w.empty("ipRanges");
    }
    w.empty("ipv6Ranges").empty("prefixListIds").close("item");
  }
  w.close(tag);
}

// The filter values of `rules` under `prefix` ("ip-permission.", "egress.ip-permission.").
void rule_values(Row& row, const std::string& prefix, const std::vector<SecurityGroupRule>& rules,
                 const RegionData& data, const std::string& account) {
  for (const auto& r : rules) {
    row.values.emplace_back(prefix + "protocol", r.protocol);
    if (r.protocol != "-1") {
      row.values.emplace_back(prefix + "from-port", std::to_string(r.from_port));
      row.values.emplace_back(prefix + "to-port", std::to_string(r.to_port));
    }
    if (!r.cidr.empty()) row.values.emplace_back(prefix + "cidr", r.cidr);
    if (r.group_id.empty()) continue;
    row.values.emplace_back(prefix + "group-id", r.group_id);
    row.values.emplace_back(prefix + "user-id", account);
    for (const auto& g : data.security_groups)
      if (g.id == r.group_id) row.values.emplace_back(prefix + "group-name", g.name);
  }
}

}  // namespace

HandlerResult describe_security_groups(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeSecurityGroups", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  std::vector<std::string> names = ctx.params.list("GroupName");
  const RegionData& data = region_data(ctx);
  std::vector<Row> rows;
  for (const auto& g : data.security_groups) {
    if (!names.empty() && std::find(names.begin(), names.end(), g.name) == names.end()) continue;
    Row row{g.id,
            {{"group-id", g.id},
             {"group-name", g.name},
             {"vpc-id", g.vpc_id},
             {"description", g.description},
             {"owner-id", account}},
            &g.tags,
            [&g, &account](XmlWriter& w) {
              w.leaf("ownerId", account).leaf("groupId", g.id).leaf("groupName", g.name);
              w.leaf("groupDescription", g.description).leaf("vpcId", g.vpc_id);
              render_rules(w, "ipPermissions", g.ingress, account);
              render_rules(w, "ipPermissionsEgress", g.egress, account);
              render_tags(w, g.tags);
            }};
    rule_values(row, "ip-permission.", g.ingress, data, account);
    rule_values(row, "egress.ip-permission.", g.egress, data, account);
    rows.push_back(std::move(row));
  }
  if (!names.empty() && rows.size() < names.size()) {
    return error(400, "InvalidGroup.NotFound", "The security group specified in the request does not exist");
  }
  ListSpec spec{
      "GroupId",
      "securityGroupInfo",
      "InvalidGroup.NotFound",
      "security group",
      {"group-id", "group-name", "vpc-id", "description", "owner-id", "ip-permission.cidr", "ip-permission.from-port",
       "ip-permission.group-id", "ip-permission.group-name", "ip-permission.protocol", "ip-permission.to-port",
       "ip-permission.user-id", "egress.ip-permission.cidr", "egress.ip-permission.from-port",
       "egress.ip-permission.group-id", "egress.ip-permission.group-name", "egress.ip-permission.protocol",
       "egress.ip-permission.to-port", "egress.ip-permission.user-id"},
      1000,
      {"ip-permission.ipv6-cidr", "ip-permission.prefix-list-id", "egress.ip-permission.ipv6-cidr",
       "egress.ip-permission.prefix-list-id"}};
  return describe_rows(ctx, spec, rows);
}

}  // namespace rolecall::emulator::ec2
