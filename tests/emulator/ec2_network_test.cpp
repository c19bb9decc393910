// DescribeInstances networking and reservations, its documented filters, and every
// DescribeInstanceAttribute attribute, against the emulator.
#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "emulator/fixture.h"
#include "emulator/network_estate.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

class EC2Network : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.estate = networked_estate();
    start(options);
  }

  Answer describe(const std::vector<std::pair<std::string, std::string>>& filters) {
    aws::QueryParams p{{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}};
    for (std::size_t i = 0; i < filters.size(); ++i) {
      p.emplace_back(fmt::format("Filter.{}.Name", i + 1), filters[i].first);
      p.emplace_back(fmt::format("Filter.{}.Value.1", i + 1), filters[i].second);
    }
    return query(admin_identity(), "ec2", p);
  }

  std::vector<std::string> ids(const std::vector<std::pair<std::string, std::string>>& filters) {
    Answer a = describe(filters);
    EXPECT_EQ(a.status, 200) << a.body;
    std::vector<std::string> out;
    for (auto r : a.xml.select_nodes("//reservationSet/item/instancesSet/item/instanceId"))
      out.push_back(r.node().text().as_string());
    return out;
  }
};

TEST_F(EC2Network, InstancesCarryTheirNetworking) {
  Answer a = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", "i-00000000000000a06"}});
  ASSERT_EQ(a.status, 200) << a.body;
  auto item = a.xml.select_node("//instancesSet/item").node();
  EXPECT_EQ(std::string(item.child_value("vpcId")), "vpc-0000000000000aaa1");
  EXPECT_EQ(std::string(item.child_value("subnetId")), "subnet-000000000000000b1");
  EXPECT_EQ(std::string(item.child_value("ipAddress")), "3.3.3.3");
  EXPECT_EQ(std::string(item.child_value("dnsName")), "ec2-3-3-3-3.compute-1.amazonaws.com");
  std::string ip = item.child_value("privateIpAddress");
  EXPECT_TRUE(ip.starts_with("10.1.0.")) << ip;
  std::string dashed = ip;
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  EXPECT_EQ(std::string(item.child_value("privateDnsName")), "ip-" + dashed + ".ec2.internal");
  EXPECT_EQ(std::string(item.child("groupSet").child("item").child_value("groupName")), "default");
  auto eni = item.child("networkInterfaceSet").child("item");
  EXPECT_TRUE(std::string(eni.child_value("networkInterfaceId")).starts_with("eni-"));
  EXPECT_EQ(std::string(eni.child_value("privateIpAddress")), ip);
  EXPECT_EQ(std::string(eni.child("association").child_value("publicIp")), "3.3.3.3");
  EXPECT_EQ(std::string(eni.child("association").child_value("ipOwnerId")), "111111111111");  // Elastic IP
  EXPECT_EQ(std::string(eni.child("attachment").child_value("deviceIndex")), "0");
  auto root = item.child("blockDeviceMapping").child("item");
  EXPECT_EQ(std::string(root.child_value("deviceName")), "/dev/xvda");
  EXPECT_TRUE(std::string(root.child("ebs").child_value("volumeId")).starts_with("vol-"));
}

TEST_F(EC2Network, LaunchedTogetherMeansOneReservation) {
  Answer a = describe({});
  ASSERT_EQ(a.status, 200);
  auto reservation = a.xml.select_node("//reservationSet/item[reservationId='r-00000000000000f01']").node();
  ASSERT_TRUE(reservation);
  std::vector<std::string> members, indexes;
  for (auto in : reservation.child("instancesSet").children("item")) {
    members.push_back(in.child_value("instanceId"));
    indexes.push_back(in.child_value("amiLaunchIndex"));
    EXPECT_EQ(std::string(in.child_value("ipAddress")), "");  // private subnet
  }
  EXPECT_EQ(members, (std::vector<std::string>{"i-00000000000000a07", "i-00000000000000a08"}));
  EXPECT_EQ(indexes, (std::vector<std::string>{"0", "1"}));
  // 12 us-east-1 instances in 11 reservations.
  EXPECT_EQ(a.all("reservationId").size(), 11u);
  EXPECT_EQ(a.all("instanceId").size(), 12u);
}

TEST_F(EC2Network, NetworkingFiltersSelectInstances) {
  EXPECT_EQ(ids({{"vpc-id", "vpc-0000000000000aaa1"}}).size(), 3u);
  EXPECT_EQ(ids({{"subnet-id", "subnet-000000000000000b2"}}).size(), 2u);
  EXPECT_EQ(ids({{"ip-address", "3.3.3.3"}}), std::vector<std::string>{"i-00000000000000a06"});
  EXPECT_EQ(ids({{"network-interface.addresses.private-ip-address", "10.1.64.10"}}),
            std::vector<std::string>{"i-00000000000000a07"});
  EXPECT_EQ(ids({{"private-ip-address", "10.1.*"}}).size(), 3u);
  EXPECT_EQ(ids({{"reservation-id", "r-00000000000000f01"}}).size(), 2u);
  EXPECT_EQ(ids({{"instance.group-name", "app"}}).size(), 2u);
  EXPECT_EQ(ids({{"network-interface.addresses.association.allocation-id", "eipalloc-000000000000000e1"}}).size(), 1u);
  EXPECT_EQ(ids({{"dns-name", "ec2-3-3-3-3.compute-1.amazonaws.com"}}).size(), 1u);
}

TEST_F(EC2Network, InstanceFiltersFromTheModel) {
  EXPECT_EQ(ids({{"instance-state-code", "80"}}), std::vector<std::string>{"i-00000000000000a09"});
  EXPECT_EQ(ids({{"metadata-options.http-tokens", "required"}}).size(), 0u);
  EXPECT_EQ(ids({{"metadata-options.http-tokens", "optional"}}).size(), 12u);
  EXPECT_EQ(ids({{"root-device-type", "instance-store"}}), std::vector<std::string>{"i-00000000000000a0b"});
  EXPECT_EQ(ids({{"tag-value", "i-00000000000000a01"}}), std::vector<std::string>{"i-00000000000000a01"});
  EXPECT_EQ(ids({{"launch-time", "2026-01-01T*"}}).size(), 12u);
  EXPECT_EQ(ids({{"key-name", "*"}}).size(), 0u);  // the estate gives no instance a key pair
  auto profile_id = ids({{"iam-instance-profile.id", "AIPA*"}});
  EXPECT_EQ(profile_id.size(), 7u);  // a00..a05 hold the web profile, a08 a deleted one
  // Two filters: both must hold.
  EXPECT_EQ(ids({{"subnet-id", "subnet-000000000000000b2"}, {"launch-index", "1"}}),
            std::vector<std::string>{"i-00000000000000a08"});
}

TEST_F(EC2Network, UnsupportedAndUnknownFiltersAreTold) {
  Answer unsupported = describe({{"placement-group-name", "x"}});
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(unsupported.code(), "InvalidParameterValue");
  EXPECT_NE(unsupported.find("Message").find("documented for DescribeInstances but not supported"), std::string::npos)
      << unsupported.body;
  Answer unknown = describe({{"no-such-filter", "x"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.find("Message"), "The filter 'no-such-filter' is invalid");
}

TEST_F(EC2Network, EveryInstanceAttributeAnswers) {
  auto attribute = [&](const std::string& name) {
    return query(admin_identity(), "ec2",
                 {{"Action", "DescribeInstanceAttribute"}, {"InstanceId", "i-00000000000000a07"}, {"Attribute", name}});
  };
  for (const char* name :
       {"instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior",
        "rootDeviceName", "blockDeviceMapping", "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized",
        "sriovNetSupport", "enaSupport", "enclaveOptions", "disableApiStop"}) {
    Answer a = attribute(name);
    EXPECT_EQ(a.status, 200) << name << ": " << a.body;
    EXPECT_TRUE(a.xml.select_node(("//DescribeInstanceAttributeResponse/" + std::string(name)).c_str())) << name;
  }
  Answer groups = attribute("groupSet");
  EXPECT_EQ(groups.find("groupName"), "app");
  EXPECT_EQ(groups.find("groupId"), "sg-000000000000000d1");
  EXPECT_TRUE(attribute("blockDeviceMapping").find("volumeId").starts_with("vol-"));
  EXPECT_EQ(attribute("sourceDestCheck").find("value"), "true");
  EXPECT_EQ(attribute("instanceInitiatedShutdownBehavior").find("value"), "stop");
  EXPECT_EQ(attribute("enclaveOptions").find("enabled"), "false");
  EXPECT_EQ(attribute("kernel").body.find("<kernel/>") != std::string::npos, true);
  Answer bad = attribute("nonsense");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.code(), "InvalidParameterValue");
}

TEST_F(EC2Network, LaunchedInstancesGetNetworkingAndOneReservation) {
  Answer a = query(admin_identity(), "ec2",
                   {{"Action", "RunInstances"},
                    {"Version", "2016-11-15"},
                    {"ImageId", "ami-0123456789abcdef0"},
                    {"MinCount", "2"},
                    {"MaxCount", "2"},
                    {"SubnetId", "subnet-000000000000000b2"}});
  ASSERT_EQ(a.status, 200) << a.body;
  const std::string reservation = a.find("reservationId");
  auto launched = a.all("instanceId");
  ASSERT_EQ(launched.size(), 2u);
  auto members = ids({{"reservation-id", reservation}});
  EXPECT_EQ(members, launched);
  Answer d = describe({{"reservation-id", reservation}});
  EXPECT_EQ(d.all("reservationId").size(), 1u);  // one reservation item holds both
  std::set<std::string> addresses;
  for (const auto& ip : d.all("privateIpAddress")) addresses.insert(ip);
  for (const auto& ip : addresses) EXPECT_TRUE(ip.starts_with("10.1.")) << ip;
  EXPECT_EQ(d.all("ipAddress").size(), 0u);  // private subnet
  EXPECT_EQ(d.find("subnetId"), "subnet-000000000000000b2");
  // Without SubnetId: the default VPC's subnet of the zone, with a public IP.
  Answer b = query(admin_identity(), "ec2",
                   {{"Action", "RunInstances"},
                    {"Version", "2016-11-15"},
                    {"ImageId", "ami-0123456789abcdef0"},
                    {"MinCount", "1"},
                    {"MaxCount", "1"}});
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_TRUE(b.find("privateIpAddress").starts_with("172.31.")) << b.body;
  EXPECT_FALSE(b.find("ipAddress").empty());
  Answer bad = query(admin_identity(), "ec2",
                     {{"Action", "RunInstances"},
                      {"Version", "2016-11-15"},
                      {"ImageId", "ami-0123456789abcdef0"},
                      {"MinCount", "1"},
                      {"MaxCount", "1"},
                      {"SubnetId", "subnet-0000000000000ffff"}});
  EXPECT_EQ(bad.code(), "InvalidSubnetID.NotFound");
}

}  // namespace
}  // namespace rolecall::emulator
