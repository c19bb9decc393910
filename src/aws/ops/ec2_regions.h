#pragma once
// EC2 DescribeRegions: which regions the account can scan.

#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// DescribeRegions parameters.
struct DescribeRegionsRequest {
  bool all_regions = false;     // AllRegions=true: include regions the account has not opted in to
  std::vector<Filter> filters;  // Filter.N, e.g. {"opt-in-status", {"opt-in-not-required", "opted-in"}}
};

// One region as DescribeRegions reports it.
struct RegionInfo {
  std::string name;           // regionName, e.g. "eu-west-1"
  std::string endpoint;       // regionEndpoint, e.g. "ec2.eu-west-1.amazonaws.com"
  std::string opt_in_status;  // optInStatus: "opt-in-not-required", "opted-in" or "not-opted-in"
};

// DescribeRegions result.
struct DescribeRegionsResponse {
  std::vector<RegionInfo> regions;  // response order
  std::string request_id;
};

// Parses a DescribeRegions response body; kParse naming DescribeRegions on malformed XML.
Result<DescribeRegionsResponse> parse_describe_regions(std::string body);

// Calls DescribeRegions in `region` (any enabled region answers for the account).
void describe_regions(AwsCaller& caller, const std::string& region, const DescribeRegionsRequest& request,
                      Callback<DescribeRegionsResponse> done);

}  // namespace rolecall::aws::ec2
