#pragma once
// EC2 DescribeNatGateways and DescribeRouteTables, every page: which public addresses a region's
// private subnets reach the internet from (a NAT gateway's), so CloudTrail's sourceIPAddress can
// be traced back to the instances behind it (inventory/key_use.h).

#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::ec2 {

// One page of DescribeNatGateways: each gateway's id, VPC and public addresses.
struct DescribeNatGatewaysResponse {
  std::vector<NatGateway> gateways;  // state "available" or "pending" only: deleted ones route nothing
  std::string next_token;
};
// Parses a DescribeNatGateways body.
Result<DescribeNatGatewaysResponse> parse_describe_nat_gateways(std::string body);

// One route table: its VPC, whether it is the VPC's main table, the subnets explicitly associated
// with it and the NAT gateway its default route (0.0.0.0/0) goes to ("" when none).
struct RouteTable {
  std::string id;
  std::string vpc_id;
  bool main = false;
  std::vector<std::string> subnet_ids;
  std::string default_nat_gateway;
};
// One page of DescribeRouteTables.
struct DescribeRouteTablesResponse {
  std::vector<RouteTable> tables;
  std::string next_token;
};
// Parses a DescribeRouteTables body.
Result<DescribeRouteTablesResponse> parse_describe_route_tables(std::string body);

// Reads the egress of `region` into `out` (which must outlive the call): every NAT gateway and, per
// subnet, the NAT gateway its default route uses (explicit associations first, else the VPC's main
// table). `done` gets the first failure, after both lists have finished.
void describe_egress(AwsCaller& caller, const std::string& region, RegionEgress& out,
                     std::function<void(Result<void>)> done);

}  // namespace rolecall::aws::ec2
