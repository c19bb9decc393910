#include "emulator/network_estate.h"

#include "emulator/fixture.h"

namespace rolecall::testing {

using nlohmann::json;

json networked_estate() {
  json doc = test_estate();
  json& prod = doc["accounts"][0];
  prod["vpcs"] = json::array({{{"id", "vpc-0000000000000aaa1"}, {"region", "us-east-1"}, {"cidr", "10.1.0.0/16"}}});
  prod["subnets"] = json::array({{{"id", "subnet-000000000000000b1"},
                                  {"vpc", "vpc-0000000000000aaa1"},
                                  {"cidr", "10.1.0.0/24"},
                                  {"availability_zone", "us-east-1b"},
                                  {"public", true}},
                                 {{"id", "subnet-000000000000000b2"},
                                  {"vpc", "vpc-0000000000000aaa1"},
                                  {"cidr", "10.1.64.0/18"},
                                  {"availability_zone", "us-east-1b"},
                                  {"nat_gateway", "nat-000000000000000c1"}}});
  prod["security_groups"] = json::array(
      {{{"id", "sg-000000000000000d1"}, {"vpc", "vpc-0000000000000aaa1"}, {"name", "app"}, {"description", "app"}}});
  prod["nat_gateways"] = json::array(
      {{{"id", "nat-000000000000000c1"}, {"subnet", "subnet-000000000000000b1"}, {"public_ip", "54.1.2.3"}}});
  prod["elastic_ips"] = json::array({{{"allocation_id", "eipalloc-000000000000000e1"},
                                      {"region", "us-east-1"},
                                      {"public_ip", "3.3.3.3"},
                                      {"instance", "i-00000000000000a06"}}});
  json& in = prod["instances"];
  // a06 (running): public subnet with the Elastic IP. a07 + a08: one reservation, private subnet.
  in[6]["subnet"] = "subnet-000000000000000b1";
  for (int i : {7, 8}) {
    in[i]["subnet"] = "subnet-000000000000000b2";
    in[i]["reservation"] = "r-00000000000000f01";
    in[i]["security_groups"] = json::array({"sg-000000000000000d1"});
  }
  in[7]["private_ip"] = "10.1.64.10";
  return doc;
}

}  // namespace rolecall::testing
