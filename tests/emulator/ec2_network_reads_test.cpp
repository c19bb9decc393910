// Networking fidelity against the emulator (issue 16): stop releases the auto-assigned public IP
// and start assigns a new one, termination releases it and the Elastic IP's association, security groups carry rules,
// and the networking reads answer their documented filters (or refuse them as unsupported, apart from invalid names).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "emulator/fixture.h"
#include "emulator/network_estate.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

class NetworkReads : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.estate = networked_estate();
    start(options);
  }

  Answer ec2(aws::QueryParams params) { return query(admin_identity(), "ec2", params); }

  // `action` with one filter `name`=`value`.
  Answer filtered(const std::string& action, const std::string& name, const std::string& value) {
    return ec2({{"Action", action}, {"Filter.1.Name", name}, {"Filter.1.Value.1", value}});
  }

  std::vector<std::string> texts(const Answer& a, const char* xpath) {
    EXPECT_EQ(a.status, 200) << a.body;
    std::vector<std::string> out;
    for (auto n : a.xml.select_nodes(xpath)) out.push_back(n.node().text().as_string());
    return out;
  }

  std::string public_ip(const std::string& id) {
    Answer a = ec2({{"Action", "DescribeInstances"}, {"InstanceId.1", id}});
    EXPECT_EQ(a.status, 200) << a.body;
    return a.xml.select_node("//instancesSet/item").node().child_value("ipAddress");
  }
};

TEST_F(NetworkReads, StopReleasesTheAutoAssignedPublicIpAndStartAssignsANewOne) {
  const std::string id = "i-00000000000000a00";  // running in a default (public) subnet
  const std::string before = public_ip(id);
  ASSERT_FALSE(before.empty());
  ASSERT_EQ(ec2({{"Action", "StopInstances"}, {"InstanceId.1", id}}).status, 200);
  EXPECT_EQ(public_ip(id), "");
  EXPECT_EQ(texts(filtered("DescribeInstances", "ip-address", before), "//instancesSet/item/instanceId").size(), 0u);
  ASSERT_EQ(ec2({{"Action", "StartInstances"}, {"InstanceId.1", id}}).status, 200);
  const std::string after = public_ip(id);
  EXPECT_FALSE(after.empty());
  EXPECT_NE(after, before);
  // The interface shows the new address too.
  EXPECT_EQ(texts(filtered("DescribeNetworkInterfaces", "association.public-ip", after),
                  "//networkInterfaceSet/item/attachment/instanceId"),
            std::vector<std::string>{id});
}

TEST_F(NetworkReads, AnElasticIpStaysThroughStopAndStart) {
  const std::string id = "i-00000000000000a06";
  ASSERT_EQ(public_ip(id), "3.3.3.3");
  ASSERT_EQ(ec2({{"Action", "StopInstances"}, {"InstanceId.1", id}}).status, 200);
  EXPECT_EQ(public_ip(id), "3.3.3.3");
  ASSERT_EQ(ec2({{"Action", "StartInstances"}, {"InstanceId.1", id}}).status, 200);
  EXPECT_EQ(public_ip(id), "3.3.3.3");
}

TEST_F(NetworkReads, TerminationReleasesThePublicAddressAndTheElasticIpAssociation) {
  const std::string automatic = "i-00000000000000a00", elastic = "i-00000000000000a06";
  ASSERT_FALSE(public_ip(automatic).empty());
  ASSERT_EQ(public_ip(elastic), "3.3.3.3");
  ASSERT_EQ(ec2({{"Action", "TerminateInstances"}, {"InstanceId.1", automatic}, {"InstanceId.2", elastic}}).status,
            200);
  EXPECT_EQ(public_ip(automatic), "");
  EXPECT_EQ(public_ip(elastic), "");
  // The Elastic IP stays allocated to the account, associated with nothing.
  Answer address = filtered("DescribeAddresses", "public-ip", "3.3.3.3");
  EXPECT_EQ(texts(address, "//addressesSet/item/publicIp"), std::vector<std::string>{"3.3.3.3"});
  EXPECT_TRUE(texts(address, "//addressesSet/item/instanceId").empty()) << address.body;
}

TEST_F(NetworkReads, DefaultGroupAdmitsItselfAndEveryGroupAllowsAllEgress) {
  Answer a = filtered("DescribeSecurityGroups", "group-name", "default");
  ASSERT_EQ(a.status, 200) << a.body;
  auto groups = a.xml.select_nodes("//securityGroupInfo/item");
  ASSERT_GE(groups.size(), 1u);
  for (auto g : groups) {
    auto node = g.node();
    auto in = node.child("ipPermissions").child("item");
    EXPECT_EQ(std::string(in.child_value("ipProtocol")), "-1");
    EXPECT_EQ(std::string(in.child("groups").child("item").child_value("groupId")), node.child_value("groupId"));
    EXPECT_EQ(std::string(in.child("groups").child("item").child_value("userId")), node.child_value("ownerId"));
    EXPECT_TRUE(in.child("fromPort").empty());  // all traffic names no ports
    auto out = node.child("ipPermissionsEgress").child("item");
    EXPECT_EQ(std::string(out.child("ipRanges").child("item").child_value("cidrIp")), "0.0.0.0/0");
  }
  // The estate's own group has no ingress rule (none given) and the default egress.
  Answer app = filtered("DescribeSecurityGroups", "group-id", "sg-000000000000000d1");
  EXPECT_TRUE(app.xml.select_node("//securityGroupInfo/item/ipPermissions/item").node().empty());
  EXPECT_EQ(texts(app, "//ipPermissionsEgress/item/ipProtocol"), std::vector<std::string>{"-1"});
  // Rule filters.
  std::vector<std::string> self_admitting =
      texts(filtered("DescribeSecurityGroups", "ip-permission.protocol", "-1"), "//securityGroupInfo/item/groupName");
  EXPECT_EQ(self_admitting.size(), groups.size());
  EXPECT_TRUE(std::all_of(self_admitting.begin(), self_admitting.end(), [](const auto& n) { return n == "default"; }));
  EXPECT_FALSE(texts(filtered("DescribeSecurityGroups", "egress.ip-permission.cidr", "0.0.0.0/0"),
                     "//securityGroupInfo/item/groupId")
                   .empty());
}

TEST_F(NetworkReads, EstateRulesRenderAsBotocoreShapesThem) {
  nlohmann::json estate = networked_estate();
  estate["accounts"][0]["security_groups"][0]["ingress"] =
      nlohmann::json::array({{{"protocol", "tcp"}, {"from_port", 443}, {"to_port", 443}, {"cidr", "0.0.0.0/0"}},
                             {{"protocol", "tcp"}, {"from_port", 22}, {"to_port", 22}, {"cidr", "10.1.0.0/16"}}});
  estate["accounts"][0]["security_groups"][0]["egress"] = nlohmann::json::array();
  EmulatorOptions options;
  options.estate = estate;
  start(options);
  Answer a = filtered("DescribeSecurityGroups", "ip-permission.from-port", "22");
  ASSERT_EQ(texts(a, "//securityGroupInfo/item/groupId"), std::vector<std::string>{"sg-000000000000000d1"});
  EXPECT_EQ(texts(a, "//ipPermissions/item/fromPort"), (std::vector<std::string>{"443", "22"}));
  EXPECT_EQ(texts(a, "//ipPermissions/item/ipRanges/item/cidrIp"),
            (std::vector<std::string>{"0.0.0.0/0", "10.1.0.0/16"}));
  EXPECT_TRUE(a.xml.select_node("//ipPermissionsEgress/item").node().empty());
}

TEST_F(NetworkReads, DocumentedFiltersAnswerFromTheEstate) {
  EXPECT_EQ(texts(filtered("DescribeNetworkInterfaces", "addresses.association.public-ip", "3.3.3.3"),
                  "//networkInterfaceSet/item/attachment/instanceId"),
            std::vector<std::string>{"i-00000000000000a06"});
  // Auto-assigned addresses are Amazon's; the Elastic IP is the account's.
  std::vector<std::string> amazon =
      texts(filtered("DescribeNetworkInterfaces", "addresses.association.owner-id", "amazon"),
            "//networkInterfaceSet/item/attachment/instanceId");
  EXPECT_FALSE(amazon.empty());
  EXPECT_EQ(std::count(amazon.begin(), amazon.end(), "i-00000000000000a06"), 0);
  // /24: 256 - 5 reserved - the NAT gateway - instance a06.
  EXPECT_EQ(texts(filtered("DescribeSubnets", "available-ip-address-count", "249"), "//subnetSet/item/subnetId"),
            std::vector<std::string>{"subnet-000000000000000b1"});
  Answer private_table = filtered("DescribeRouteTables", "route.origin", "CreateRoute");
  EXPECT_FALSE(texts(private_table, "//routeTableSet/item/routeTableId").empty());
  const std::string vpc_dhcp =
      texts(filtered("DescribeVpcs", "vpc-id", "vpc-0000000000000aaa1"), "//vpcSet/item/dhcpOptionsId").at(0);
  EXPECT_EQ(texts(filtered("DescribeVpcs", "dhcp-options-id", vpc_dhcp), "//vpcSet/item/vpcId"),
            std::vector<std::string>{"vpc-0000000000000aaa1"});
}

TEST_F(NetworkReads, UndocumentedAndUnmodelledFiltersAreToldApart) {
  struct Case {
    const char* action;
    const char* unsupported;
  };
  for (const Case& c :
       {Case{"DescribeVpcs", "ipv6-cidr-block-association.ipv6-pool"}, Case{"DescribeSubnets", "outpost-arn"},
        Case{"DescribeSecurityGroups", "ip-permission.prefix-list-id"},
        Case{"DescribeRouteTables", "route.transit-gateway-id"}, Case{"DescribeNetworkInterfaces", "requester-id"}}) {
    Answer a = filtered(c.action, c.unsupported, "x");
    EXPECT_EQ(a.code(), "InvalidParameterValue") << c.action;
    EXPECT_EQ(a.find("Message"),
              fmt::format("The filter '{}' is documented for {} but not supported by rolecall-emulator (the estate "
                          "does not model it)",
                          c.unsupported, c.action));
    Answer b = filtered(c.action, "no-such-filter", "x");
    EXPECT_EQ(b.find("Message"), "The filter 'no-such-filter' is invalid") << c.action;
  }
}

}  // namespace
}  // namespace rolecall::emulator
