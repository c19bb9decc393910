// Estate networking (docs/estate-schema.md "Networking"): derived default VPCs, explicit VPCs,
// subnets, NAT gateways, Elastic IPs and reservations, and the loader's consistency checks.
#include <cstdio>
#include <set>

#include "emulator/estate/estate_io.h"
#include "emulator/estate/network_loader.h"
#include "emulator/fixture.h"
#include "emulator/network_estate.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

std::string network_load_error(const json& doc) {
  auto r = load_estate_json(doc);
  return r ? std::string() : r.error().message;
}

// True when dotted `ip` lies in a.b.c.d/prefix.
bool in_cidr(const std::string& ip, const std::string& cidr) {
  auto parse = [](const std::string& text) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    std::sscanf(text.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d);
    return (a << 24) | (b << 16) | (c << 8) | d;
  };
  auto slash = cidr.find('/');
  unsigned prefix = static_cast<unsigned>(std::stoi(cidr.substr(slash + 1)));
  unsigned mask = prefix == 0 ? 0 : ~0u << (32 - prefix);
  return (parse(ip) & mask) == (parse(cidr.substr(0, slash)) & mask);
}

const Instance& instance(const Estate& estate, const std::string& id) {
  const auto& data = estate.accounts[0].regions.at("us-east-1");
  return data.instances[data.instance_index.at(id)];
}

TEST(EstateNetwork, WithoutNetworkingEveryInstanceGetsTheDefaultVpcDeterministically) {
  auto a = load_estate_json(test_estate());
  auto b = load_estate_json(test_estate());
  ASSERT_TRUE(a && b);
  const RegionData& data = a->accounts[0].regions.at("us-east-1");
  ASSERT_EQ(data.vpcs.size(), 1u);
  EXPECT_TRUE(data.vpcs[0].is_default);
  EXPECT_EQ(data.vpcs[0].cidr, "172.31.0.0/16");
  std::set<std::string> private_ips;
  for (const auto& in : data.instances) {
    EXPECT_EQ(in.vpc_id, data.vpcs[0].id);
    const Subnet* subnet = data.find_subnet(in.subnet_id);
    ASSERT_NE(subnet, nullptr);
    EXPECT_TRUE(subnet->is_public && subnet->is_default);
    EXPECT_EQ(subnet->availability_zone, in.availability_zone);
    EXPECT_TRUE(in_cidr(in.private_ip, subnet->cidr)) << in.private_ip << " " << subnet->cidr;
    EXPECT_TRUE(private_ips.insert(in.private_ip).second) << "duplicate " << in.private_ip;
    // Running instances in a default subnet get a public IP; stopped and terminated ones none.
    EXPECT_EQ(in.public_ip.empty(), in.state != "running") << in.id;
    ASSERT_EQ(in.security_groups.size(), 1u);
    EXPECT_EQ(in.security_groups[0].name, "default");
    EXPECT_EQ(in.reservation_id, "r-" + in.id.substr(2));
    const Instance& same = instance(*b, in.id);
    EXPECT_EQ(same.private_ip, in.private_ip);
    EXPECT_EQ(same.public_ip, in.public_ip);
    EXPECT_EQ(same.subnet_id, in.subnet_id);
  }
  // Every enabled region has its default VPC, even without instances (eu-west-1 holds one).
  EXPECT_EQ(a->accounts[0].regions.at("eu-west-1").vpcs.size(), 1u);
}

TEST(EstateNetwork, ExplicitNetworkingIsConsistent) {
  auto estate = load_estate_json(networked_estate());
  ASSERT_TRUE(estate) << estate.error().message;
  const RegionData& data = estate->accounts[0].regions.at("us-east-1");
  const Instance& eip = instance(*estate, "i-00000000000000a06");
  EXPECT_EQ(eip.public_ip, "3.3.3.3");
  EXPECT_EQ(eip.eip_allocation_id, "eipalloc-000000000000000e1");
  EXPECT_EQ(eip.availability_zone, "us-east-1b");  // from its subnet
  EXPECT_EQ(eip.security_groups.at(0).name, "default");
  EXPECT_EQ(egress_ip(data, eip), "3.3.3.3");
  const Instance& first = instance(*estate, "i-00000000000000a07");
  const Instance& second = instance(*estate, "i-00000000000000a08");
  EXPECT_EQ(first.private_ip, "10.1.64.10");
  EXPECT_TRUE(in_cidr(second.private_ip, "10.1.64.0/18"));
  EXPECT_TRUE(first.public_ip.empty() && second.public_ip.empty());  // private subnet
  EXPECT_EQ(egress_ip(data, first), "54.1.2.3");                     // through the NAT gateway
  EXPECT_EQ(first.reservation_id, "r-00000000000000f01");
  EXPECT_EQ(first.launch_index, 0);
  EXPECT_EQ(second.launch_index, 1);
  EXPECT_EQ(second.security_groups.at(0).name, "app");
  const NatGateway* nat = data.find_nat_gateway("nat-000000000000000c1");
  ASSERT_NE(nat, nullptr);
  EXPECT_TRUE(in_cidr(nat->private_ip, "10.1.0.0/24"));
  // DescribeAddresses lists the NAT gateway's Elastic IP too.
  EXPECT_EQ(data.elastic_ips.size(), 2u);
}

TEST(EstateNetwork, DumpReloadsToTheSameAddresses) {
  auto estate = load_estate_json(networked_estate());
  ASSERT_TRUE(estate);
  json dumped = dump_estate_json(*estate, 1, {}, std::chrono::hours(1));
  auto again = load_estate_json(dumped);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(dump_estate_json(*again, 1, {}, std::chrono::hours(1)), dumped);
}

TEST(EstateNetwork, InconsistentNetworkingIsRejected) {
  auto doc = networked_estate();
  doc["accounts"][0]["instances"][7]["private_ip"] = "10.2.0.10";
  EXPECT_NE(network_load_error(doc).find("is not a usable address of subnet-000000000000000b2"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["instances"][8]["private_ip"] = "10.1.64.10";
  EXPECT_NE(network_load_error(doc).find("used twice"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["instances"][7]["public_ip"] = "18.0.0.1";
  EXPECT_NE(network_load_error(doc).find("private subnet has no public IP"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["instances"][5]["public_ip"] = "54.1.2.3";
  EXPECT_NE(network_load_error(doc).find("public IP"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["instances"][5]["reservation"] = "r-00000000000000f01";
  doc["accounts"][0]["instances"][6]["reservation"] = "r-00000000000000f02";
  EXPECT_NE(network_load_error(doc).find("listed together"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["subnets"][1]["cidr"] = "10.9.0.0/24";
  EXPECT_NE(network_load_error(doc).find("is not inside vpc-0000000000000aaa1"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["nat_gateways"][0]["subnet"] = "subnet-000000000000000b2";
  EXPECT_NE(network_load_error(doc).find("public subnet"), std::string::npos);
  doc = networked_estate();
  doc["accounts"][0]["instances"][7]["security_groups"] = json::array({"sg-0000000000000ffff"});
  EXPECT_NE(network_load_error(doc).find("no security group"), std::string::npos);
}

TEST(EstateNetwork, SecurityGroupRulesAreCheckedAndDumped) {
  auto doc = networked_estate();
  json& group = doc["accounts"][0]["security_groups"][0];
  group["ingress"] =
      json::array({{{"protocol", "tcp"}, {"from_port", 443}, {"to_port", 443}, {"group", "sg-0000000000000ffff"}}});
  EXPECT_NE(network_load_error(doc).find("rule peer 'sg-0000000000000ffff' is no group of vpc-0000000000000aaa1"),
            std::string::npos);
  group["ingress"] = json::array({{{"protocol", "tcp"}, {"from_port", 443}, {"to_port", 80}, {"cidr", "0.0.0.0/0"}}});
  EXPECT_NE(network_load_error(doc).find("from_port <= to_port"), std::string::npos);
  group["ingress"] = json::array({{{"protocol", "-1"}, {"cidr", "0.0.0.0/0"}, {"group", "sg-000000000000000d1"}}});
  EXPECT_NE(network_load_error(doc).find("one peer"), std::string::npos);
  group["ingress"] = json::array({{{"protocol", "tcp"}, {"from_port", 22}, {"to_port", 22}, {"cidr", "10.0.0.0/33"}}});
  EXPECT_NE(network_load_error(doc).find("not an IPv4 CIDR block"), std::string::npos);
  group["ingress"] =
      json::array({{{"protocol", "tcp"}, {"from_port", 22}, {"to_port", 22}, {"group", "sg-000000000000000d1"}}});
  auto estate = load_estate_json(doc);
  ASSERT_TRUE(estate) << estate.error().message;
  json dumped = dump_estate_json(*estate, 1, {}, std::chrono::hours(1));
  for (const auto& g : dumped["accounts"][0]["security_groups"]) {
    if (g["id"] == "sg-000000000000000d1") {
      EXPECT_EQ(g["ingress"],
                json::parse(R"([{"protocol":"tcp","from_port":22,"to_port":22,"group":"sg-000000000000000d1"}])"));
      EXPECT_EQ(g["egress"], json::parse(R"([{"protocol":"-1","cidr":"0.0.0.0/0"}])"));
    } else if (g["name"] == "default") {
      EXPECT_EQ(g["ingress"][0]["group"], g["id"]);
    }
  }
}

TEST(EstateNetwork, InstancesCreatedWhileServingArePlacedLikeLoadedOnes) {
  auto estate = load_estate_json(networked_estate());
  ASSERT_TRUE(estate);
  Account& prod = estate->accounts[0];
  Instance in;
  in.id = "i-00000000000000b01";
  in.region = "us-east-1";
  in.state = "pending";
  ASSERT_EQ(load::place_instance(*estate, prod, in, "subnet-000000000000000b2", "r-00000000000000f09"), "");
  EXPECT_EQ(in.vpc_id, "vpc-0000000000000aaa1");
  EXPECT_EQ(in.availability_zone, "us-east-1b");
  EXPECT_TRUE(in_cidr(in.private_ip, "10.1.64.0/18"));
  EXPECT_NE(in.private_ip, instance(*estate, "i-00000000000000a07").private_ip);
  EXPECT_TRUE(in.public_ip.empty());  // private subnet
  EXPECT_EQ(in.reservation_id, "r-00000000000000f09");
  EXPECT_EQ(in.security_groups.at(0).name, "default");
  Instance other;
  other.id = "i-00000000000000b02";
  other.region = "us-east-1";
  other.state = "pending";
  ASSERT_EQ(load::place_instance(*estate, prod, other, "", ""), "");
  EXPECT_TRUE(in_cidr(other.private_ip, "172.31.0.0/20"));  // default VPC, zone a
  EXPECT_FALSE(other.public_ip.empty());
  EXPECT_EQ(other.reservation_id, "r-00000000000000b02");
  EXPECT_NE(load::place_instance(*estate, prod, other, "subnet-0000000000000ffff", ""), "");
}

}  // namespace
}  // namespace rolecall::emulator
