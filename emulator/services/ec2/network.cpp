// EC2 networking reads: DescribeVpcs, DescribeSubnets, DescribeAddresses,
// DescribeNatGateways, DescribeRouteTables, DescribeNetworkInterfaces (docs/emulator.md).
#include <fmt/format.h>

#include "emulator/estate/instance_xml.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/resource_list.h"

namespace rolecall::emulator::ec2 {
namespace {

const char* kCreateTime = "2026-01-01T00:00:00.000Z";

std::string flag(bool value) { return value ? "true" : "false"; }

std::string igw_id(const Vpc& vpc) { return derived_hex_id("igw-", vpc.id + "/igw"); }

// Usable addresses left: AWS reserves five per subnet.
long long available_addresses(const RegionData& data, const Subnet& subnet) {
  auto slash = subnet.cidr.find('/');
  long long size = 1LL << (32 - std::stoi(subnet.cidr.substr(slash + 1)));
  long long used = 0;
  for (const auto& in : data.instances) used += in.subnet_id == subnet.id && in.state != "terminated";
  for (const auto& n : data.nat_gateways) used += n.subnet_id == subnet.id;
  return size - 5 - used;
}

// A route table as EC2 would hold it for the estate: each VPC's main table (local route; the
// internet gateway too in a default VPC), one table for its public subnets (internet gateway) and
// one per private subnet with a NAT gateway (default route through it).
struct RouteTable {
  std::string id;
  const Vpc* vpc = nullptr;
  bool main = false;
  std::string gateway;      // igw-... for 0.0.0.0/0
  std::string nat_gateway;  // nat-... for 0.0.0.0/0
  std::vector<std::string> subnets;
};

std::vector<RouteTable> route_tables(const RegionData& data) {
  std::vector<RouteTable> out;
  for (const auto& vpc : data.vpcs) {
    RouteTable main{derived_hex_id("rtb-", vpc.id + "/main"), &vpc, true, vpc.is_default ? igw_id(vpc) : "", "", {}};
    RouteTable pub{derived_hex_id("rtb-", vpc.id + "/public"), &vpc, false, igw_id(vpc), "", {}};
    std::vector<RouteTable> private_tables;
    for (const auto& s : data.subnets) {
      if (s.vpc_id != vpc.id) continue;
      if (s.is_public && !vpc.is_default) pub.subnets.push_back(s.id);
      if (!s.nat_gateway.empty())
        private_tables.push_back({derived_hex_id("rtb-", s.id + "/private"), &vpc, false, "", s.nat_gateway, {s.id}});
    }
    out.push_back(std::move(main));
    if (!pub.subnets.empty()) out.push_back(std::move(pub));
    for (auto& t : private_tables) out.push_back(std::move(t));
  }
  return out;
}

void render_route_table(XmlWriter& w, const RouteTable& t, const std::string& account) {
  w.leaf("routeTableId", t.id).leaf("vpcId", t.vpc->id).leaf("ownerId", account);
  w.open("routeSet").open("item").leaf("destinationCidrBlock", t.vpc->cidr).leaf("gatewayId", "local");
  w.leaf("state", "active").leaf("origin", "CreateRouteTable").close("item");
  if (!t.gateway.empty() || !t.nat_gateway.empty()) {
    w.open("item").leaf("destinationCidrBlock", "0.0.0.0/0");
    if (!t.gateway.empty()) w.leaf("gatewayId", t.gateway);
    if (!t.nat_gateway.empty()) w.leaf("natGatewayId", t.nat_gateway);
    w.leaf("state", "active").leaf("origin", "CreateRoute").close("item");
  }
  w.close("routeSet");
  w.open("associationSet");
  if (t.main) {
    w.open("item").leaf("routeTableAssociationId", derived_hex_id("rtbassoc-", t.id)).leaf("routeTableId", t.id);
    w.leaf_bool("main", true).open("associationState").leaf("state", "associated").close("associationState");
    w.close("item");
  }
  for (const auto& s : t.subnets) {
    w.open("item").leaf("routeTableAssociationId", derived_hex_id("rtbassoc-", t.id + s)).leaf("routeTableId", t.id);
    w.leaf("subnetId", s).leaf_bool("main", false);
    w.open("associationState").leaf("state", "associated").close("associationState").close("item");
  }
  w.close("associationSet").empty("propagatingVgwSet");
}

void render_nat_interface(XmlWriter& w, const NatGateway& n, const Subnet& subnet, const std::string& account,
                          const std::string& region) {
  const std::string dns = private_dns_name(n.private_ip, region);
  w.leaf("networkInterfaceId", n.eni_id).leaf("subnetId", n.subnet_id).leaf("vpcId", n.vpc_id);
  w.leaf("availabilityZone", subnet.availability_zone).leaf("description", "Interface for NAT Gateway " + n.id);
  w.leaf("ownerId", account).leaf("requesterId", "AWS").leaf_bool("requesterManaged", true).leaf("status", "in-use");
  w.leaf("macAddress", "02:00:00:00:00:01").leaf("privateIpAddress", n.private_ip).leaf("privateDnsName", dns);
  w.leaf_bool("sourceDestCheck", false).empty("groupSet");
  w.open("association").leaf("publicIp", n.public_ip).leaf("ipOwnerId", account).leaf("allocationId", n.allocation_id);
  w.close("association");
  w.open("privateIpAddressesSet").open("item").leaf("privateIpAddress", n.private_ip).leaf("privateDnsName", dns);
  w.leaf_bool("primary", true).close("item").close("privateIpAddressesSet");
  w.empty("ipv6AddressesSet").leaf("interfaceType", "nat_gateway");
}

void render_instance_interface(XmlWriter& w, const Instance& in, const std::string& account) {
  const std::string dns = private_dns_name(in.private_ip, in.region);
  w.leaf("networkInterfaceId", eni_id(in)).leaf("subnetId", in.subnet_id).leaf("vpcId", in.vpc_id);
  w.leaf("availabilityZone", in.availability_zone).empty("description").leaf("ownerId", account);
  w.leaf_bool("requesterManaged", false).leaf("status", "in-use").leaf("macAddress", mac_address(in));
  w.leaf("privateIpAddress", in.private_ip).leaf("privateDnsName", dns).leaf_bool("sourceDestCheck", true);
  render_groups(w, in);
  w.open("attachment").leaf("attachmentId", eni_attachment_id(in)).leaf("instanceId", in.id);
  w.leaf("instanceOwnerId", account).leaf("deviceIndex", 0LL).leaf("status", "attached");
  w.leaf("attachTime", in.launch_time).leaf_bool("deleteOnTermination", true).leaf("networkCardIndex", 0LL);
  w.close("attachment");
  auto association = [&] {
    if (in.public_ip.empty()) return;
    w.open("association")
        .leaf("publicIp", in.public_ip)
        .leaf("publicDnsName", public_dns_name(in.public_ip, in.region));
    w.leaf("ipOwnerId", in.eip_allocation_id.empty() ? std::string("amazon") : account);
    if (!in.eip_allocation_id.empty())
      w.leaf("allocationId", in.eip_allocation_id).leaf("associationId", eip_association_id(in));
    w.close("association");
  };
  association();
  w.open("privateIpAddressesSet").open("item").leaf("privateIpAddress", in.private_ip).leaf("privateDnsName", dns);
  w.leaf_bool("primary", true);
  association();
  w.close("item").close("privateIpAddressesSet");
  w.empty("ipv6AddressesSet").leaf("interfaceType", "interface");
}

}  // namespace

HandlerResult describe_vpcs(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeVpcs", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  std::vector<Row> rows;
  for (const auto& v : region_data(ctx).vpcs) {
    rows.push_back({v.id,
                    {{"vpc-id", v.id},
                     {"cidr", v.cidr},
                     {"cidr-block-association.cidr-block", v.cidr},
                     {"cidr-block-association.association-id", derived_hex_id("vpc-cidr-assoc-", v.id)},
                     {"cidr-block-association.state", "associated"},
                     {"dhcp-options-id", derived_hex_id("dopt-", v.id)},
                     {"is-default", flag(v.is_default)},
                     {"owner-id", account},
                     {"state", "available"}},
                    &v.tags,
                    [&v, &account](XmlWriter& w) {
                      w.leaf("vpcId", v.id).leaf("ownerId", account).leaf("state", "available");
                      w.leaf("cidrBlock", v.cidr).open("cidrBlockAssociationSet").open("item");
                      w.leaf("cidrBlock", v.cidr).leaf("associationId", derived_hex_id("vpc-cidr-assoc-", v.id));
                      w.open("cidrBlockState").leaf("state", "associated").close("cidrBlockState");
                      w.close("item").close("cidrBlockAssociationSet");
                      w.leaf("dhcpOptionsId", derived_hex_id("dopt-", v.id)).leaf("instanceTenancy", "default");
                      w.leaf_bool("isDefault", v.is_default);
                      render_tags(w, v.tags);
                    }});
  }
  ListSpec spec{"VpcId",
                "vpcSet",
                "InvalidVpcID.NotFound",
                "vpc ID",
                {"vpc-id", "cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id",
                 "cidr-block-association.state", "dhcp-options-id", "is-default", "owner-id", "state"},
                1000,
                {"ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.ipv6-pool",
                 "ipv6-cidr-block-association.association-id", "ipv6-cidr-block-association.state"}};
  return describe_rows(ctx, spec, rows);
}

HandlerResult describe_subnets(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeSubnets", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  const RegionData& data = region_data(ctx);
  const std::string region = ctx.region;
  std::vector<Row> rows;
  for (const auto& s : data.subnets) {
    std::string arn = fmt::format("arn:{}:ec2:{}:{}:subnet/{}", ctx.partition(), region, account, s.id);
    long long available = available_addresses(data, s);
    rows.push_back({s.id,
                    {{"subnet-id", s.id},
                     {"vpc-id", s.vpc_id},
                     {"cidr-block", s.cidr},
                     {"availability-zone", s.availability_zone},
                     {"default-for-az", flag(s.is_default)},
                     {"map-public-ip-on-launch", flag(s.is_public)},
                     {"owner-id", account},
                     {"state", "available"},
                     {"subnet-arn", arn},
                     {"available-ip-address-count", std::to_string(available)},
                     {"enable-dns64", "false"},
                     {"ipv6-native", "false"},
                     {"map-customer-owned-ip-on-launch", "false"}},
                    &s.tags,
                    [&s, &account, arn, available](XmlWriter& w) {
                      w.leaf("subnetId", s.id).leaf("subnetArn", arn).leaf("state", "available");
                      w.leaf("ownerId", account).leaf("vpcId", s.vpc_id).leaf("cidrBlock", s.cidr);
                      w.leaf("availableIpAddressCount", available).leaf("availabilityZone", s.availability_zone);
                      w.leaf_bool("defaultForAz", s.is_default).leaf_bool("mapPublicIpOnLaunch", s.is_public);
                      w.leaf_bool("assignIpv6AddressOnCreation", false).empty("ipv6CidrBlockAssociationSet");
                      render_tags(w, s.tags);
                    }});
  }
  ListSpec spec{"SubnetId",
                "subnetSet",
                "InvalidSubnetID.NotFound",
                "subnet ID",
                {"subnet-id", "vpc-id", "cidr-block", "availability-zone", "default-for-az", "map-public-ip-on-launch",
                 "owner-id", "state", "subnet-arn", "available-ip-address-count", "enable-dns64", "ipv6-native",
                 "map-customer-owned-ip-on-launch"},
                1000,
                {"availability-zone-id", "customer-owned-ipv4-pool", "enable-lni-at-device-index",
                 "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.association-id",
                 "ipv6-cidr-block-association.state", "outpost-arn", "private-dns-name-options-on-launch.hostname-type",
                 "private-dns-name-options-on-launch.enable-resource-name-dns-a-record",
                 "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record"}};
  return describe_rows(ctx, spec, rows);
}

HandlerResult describe_addresses(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeAddresses", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  const RegionData& data = region_data(ctx);
  const std::string region = ctx.region;
  std::vector<std::string> public_ips = ctx.params.list("PublicIp");
  std::vector<Row> rows;
  for (const auto& e : data.elastic_ips) {
    if (!public_ips.empty() && std::find(public_ips.begin(), public_ips.end(), e.public_ip) == public_ips.end())
      continue;
    Row row{e.allocation_id,
            {{"allocation-id", e.allocation_id},
             {"public-ip", e.public_ip},
             {"domain", "vpc"},
             {"network-border-group", region}},
            &e.tags,
            {}};
    const Instance* in = nullptr;
    if (auto it = data.instance_index.find(e.instance_id); it != data.instance_index.end())
      in = &data.instances[it->second];
    const NatGateway* nat = data.find_nat_gateway(e.nat_gateway_id);
    std::string eni = in ? eni_id(*in) : nat ? nat->eni_id : "";
    std::string private_ip = in ? in->private_ip : nat ? nat->private_ip : "";
    std::string association = in ? eip_association_id(*in) : nat ? derived_hex_id("eipassoc-", nat->id) : "";
    if (in) row.values.emplace_back("instance-id", in->id);
    if (!eni.empty()) {
      row.values.insert(row.values.end(), {{"network-interface-id", eni},
                                           {"network-interface-owner-id", account},
                                           {"private-ip-address", private_ip},
                                           {"association-id", association}});
    }
    row.render = [&e, in, eni, private_ip, association, &account, region](XmlWriter& w) {
      w.leaf("publicIp", e.public_ip).leaf("allocationId", e.allocation_id).leaf("domain", "vpc");
      if (in) w.leaf("instanceId", in->id);
      if (!eni.empty()) {
        w.leaf("associationId", association).leaf("networkInterfaceId", eni);
        w.leaf("networkInterfaceOwnerId", account).leaf("privateIpAddress", private_ip);
      }
      w.leaf("publicIpv4Pool", "amazon").leaf("networkBorderGroup", region);
      render_tags(w, e.tags);
    };
    rows.push_back(std::move(row));
  }
  if (!public_ips.empty() && rows.size() < public_ips.size()) {
    return error(400, "InvalidAddress.NotFound", "Address does not exist: one of the public IPs is not allocated");
  }
  ListSpec spec{"AllocationId",
                "addressesSet",
                "InvalidAllocationID.NotFound",
                "allocation ID",
                {"allocation-id", "association-id", "domain", "instance-id", "network-border-group",
                 "network-interface-id", "network-interface-owner-id", "private-ip-address", "public-ip"},
                0};
  return describe_rows(ctx, spec, rows);
}

HandlerResult describe_nat_gateways(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeNatGateways", "*")) return std::unexpected(*denied);
  std::vector<Row> rows;
  for (const auto& n : region_data(ctx).nat_gateways) {
    rows.push_back(
        {n.id,
         {{"nat-gateway-id", n.id}, {"state", "available"}, {"subnet-id", n.subnet_id}, {"vpc-id", n.vpc_id}},
         &n.tags,
         [&n](XmlWriter& w) {
           w.leaf("createTime", kCreateTime).leaf("natGatewayId", n.id);
           w.open("natGatewayAddressSet").open("item").leaf("allocationId", n.allocation_id);
           w.leaf("networkInterfaceId", n.eni_id).leaf("privateIp", n.private_ip);
           w.leaf("publicIp", n.public_ip).leaf_bool("isPrimary", true).leaf("status", "succeeded");
           w.close("item").close("natGatewayAddressSet");
           w.leaf("state", "available").leaf("subnetId", n.subnet_id).leaf("vpcId", n.vpc_id);
           w.leaf("connectivityType", "public");
           render_tags(w, n.tags);
         }});
  }
  ListSpec spec{"NatGatewayId",
                "natGatewaySet",
                "NatGatewayNotFound",
                "NAT gateway ID",
                {"nat-gateway-id", "state", "subnet-id", "vpc-id"}};
  return describe_rows(ctx, spec, rows);
}

HandlerResult describe_route_tables(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeRouteTables", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  std::vector<RouteTable> tables = route_tables(region_data(ctx));
  std::vector<Row> rows;
  for (const auto& t : tables) {
    Row row{t.id,
            {{"route-table-id", t.id},
             {"vpc-id", t.vpc->id},
             {"owner-id", account},
             {"association.main", flag(t.main)},
             {"route.destination-cidr-block", t.vpc->cidr},
             {"route.gateway-id", "local"},
             {"route.origin", "CreateRouteTable"},
             {"route.state", "active"}},
            nullptr,
            [&t, &account](XmlWriter& w) { render_route_table(w, t, account); }};
    if (!t.gateway.empty() || !t.nat_gateway.empty()) {
      row.values.emplace_back("route.destination-cidr-block", "0.0.0.0/0");
      row.values.emplace_back("route.origin", "CreateRoute");
    }
    if (t.main) {
      row.values.emplace_back("association.route-table-association-id", derived_hex_id("rtbassoc-", t.id));
      row.values.emplace_back("association.route-table-id", t.id);
    }
    if (!t.gateway.empty()) row.values.emplace_back("route.gateway-id", t.gateway);
    if (!t.nat_gateway.empty()) row.values.emplace_back("route.nat-gateway-id", t.nat_gateway);
    for (const auto& s : t.subnets) {
      row.values.emplace_back("association.subnet-id", s);
      row.values.emplace_back("association.route-table-association-id", derived_hex_id("rtbassoc-", t.id + s));
      row.values.emplace_back("association.route-table-id", t.id);
    }
    rows.push_back(std::move(row));
  }
  ListSpec spec{"RouteTableId",
                "routeTableSet",
                "InvalidRouteTableID.NotFound",
                "routeTable ID",
                {"route-table-id", "vpc-id", "owner-id", "association.main", "association.subnet-id",
                 "route.destination-cidr-block", "route.gateway-id", "route.nat-gateway-id", "route.state",
                 "association.route-table-association-id", "association.route-table-id", "route.origin"},
                100,
                {"association.gateway-id", "route.destination-ipv6-cidr-block", "route.destination-prefix-list-id",
                 "route.egress-only-internet-gateway-id", "route.instance-id", "route.transit-gateway-id",
                 "route.vpc-peering-connection-id"}};
  return describe_rows(ctx, spec, rows);
}

HandlerResult describe_network_interfaces(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeNetworkInterfaces", "*")) return std::unexpected(*denied);
  const std::string& account = ctx.caller.account_id;
  const RegionData& data = region_data(ctx);
  const std::string region = ctx.region;
  std::vector<Row> rows;
  for (const auto& in : data.instances) {
    std::string state = effective_state(in, ctx.seq);
    if (state == "terminated" || !instance_visible(ctx, in)) continue;  // deleted with the instance
    Row row{eni_id(in),
            {{"network-interface-id", eni_id(in)},
             {"subnet-id", in.subnet_id},
             {"vpc-id", in.vpc_id},
             {"availability-zone", in.availability_zone},
             {"private-ip-address", in.private_ip},
             {"addresses.private-ip-address", in.private_ip},
             {"private-dns-name", private_dns_name(in.private_ip, in.region)},
             {"attachment.instance-id", in.id},
             {"attachment.instance-owner-id", account},
             {"attachment.attachment-id", eni_attachment_id(in)},
             {"attachment.status", "attached"},
             {"attachment.attach-time", in.launch_time},
             {"attachment.delete-on-termination", "true"},
             {"attachment.device-index", "0"},
             {"addresses.primary", "true"},
             {"description", ""},
             {"interface-type", "interface"},
             {"mac-address", mac_address(in)},
             {"owner-id", account},
             {"requester-managed", "false"},
             {"source-dest-check", "true"},
             {"status", "in-use"}},
            nullptr,
            [&in, &account](XmlWriter& w) { render_instance_interface(w, in, account); }};
    for (const auto& g : in.security_groups) {
      row.values.emplace_back("group-id", g.id);
      row.values.emplace_back("group-name", g.name);
    }
    if (!in.public_ip.empty()) {
      const std::string owner = in.eip_allocation_id.empty() ? std::string("amazon") : account;
      row.values.insert(row.values.end(), {{"association.public-ip", in.public_ip},
                                           {"addresses.association.public-ip", in.public_ip},
                                           {"association.public-dns-name", public_dns_name(in.public_ip, in.region)},
                                           {"association.ip-owner-id", owner},
                                           {"addresses.association.owner-id", owner}});
    }
    if (!in.eip_allocation_id.empty()) {
      row.values.emplace_back("association.allocation-id", in.eip_allocation_id);
      row.values.emplace_back("association.association-id", eip_association_id(in));
    }
    rows.push_back(std::move(row));
  }
  for (const auto& n : data.nat_gateways) {
    const Subnet& subnet = *data.find_subnet(n.subnet_id);
    rows.push_back(
        {n.eni_id,
         {{"network-interface-id", n.eni_id},
          {"subnet-id", n.subnet_id},
          {"vpc-id", n.vpc_id},
          {"availability-zone", subnet.availability_zone},
          {"private-ip-address", n.private_ip},
          {"addresses.private-ip-address", n.private_ip},
          {"association.public-ip", n.public_ip},
          {"addresses.association.public-ip", n.public_ip},
          {"association.ip-owner-id", account},
          {"addresses.association.owner-id", account},
          {"association.allocation-id", n.allocation_id},
          {"addresses.primary", "true"},
          {"description", "Interface for NAT Gateway " + n.id},
          {"interface-type", "nat_gateway"},
          {"owner-id", account},
          {"requester-managed", "true"},
          {"source-dest-check", "false"},
          {"status", "in-use"}},
         nullptr,
         [&n, &subnet, &account, region](XmlWriter& w) { render_nat_interface(w, n, subnet, account, region); }});
  }
  ListSpec spec{"NetworkInterfaceId",
                "networkInterfaceSet",
                "InvalidNetworkInterfaceID.NotFound",
                "networkInterface ID",
                {"network-interface-id",
                 "subnet-id",
                 "vpc-id",
                 "availability-zone",
                 "private-ip-address",
                 "addresses.private-ip-address",
                 "private-dns-name",
                 "attachment.instance-id",
                 "attachment.instance-owner-id",
                 "attachment.attachment-id",
                 "attachment.status",
                 "interface-type",
                 "mac-address",
                 "owner-id",
                 "requester-managed",
                 "source-dest-check",
                 "status",
                 "group-id",
                 "group-name",
                 "association.public-ip",
                 "association.allocation-id",
                 "association.association-id",
                 "association.ip-owner-id",
                 "association.public-dns-name",
                 "addresses.association.owner-id",
                 "addresses.association.public-ip",
                 "addresses.primary",
                 "attachment.attach-time",
                 "attachment.delete-on-termination",
                 "attachment.device-index",
                 "description"},
                1000,
                {"availability-zone-id", "ipv6-addresses.ipv6-address", "operator.managed", "operator.principal",
                 "requester-id"}};
  return describe_rows(ctx, spec, rows);
}

}  // namespace rolecall::emulator::ec2
