#pragma once
// EC2 DescribeInstances: one page, every page, and the fast response parser.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::ec2 {

// DescribeInstances parameters (only those rolecall sends).
struct DescribeInstancesRequest {
  std::vector<std::string> instance_ids;  // InstanceId.N; empty means every instance
  std::vector<Filter> filters;            // Filter.N, e.g. {"instance-state-name", {"running"}}
  int max_results = 0;                    // MaxResults 5..1000; 0 omits it (AWS forbids it with instance_ids)
  std::string next_token;                 // NextToken from the previous page; "" for the first
};

// One DescribeInstances page.
struct DescribeInstancesResponse {
  // Instances in response order, mapped into rolecall::Instance: id, state, type, profile ARN/id,
  // launch time, root device type, metadata options, tags (launch_template_id/version from the
  // aws:ec2launchtemplate:* tags), account_id from the reservation's ownerId, region from the call.
  // user_data is left unset (DescribeInstanceAttribute reads it).
  std::vector<Instance> instances;
  std::string next_token;  // "" on the last page
  std::string request_id;
};

// Parses a DescribeInstances response body (consumed: parsed in place) for `region`.
// Malformed/truncated XML or an instance without an id yields kParse naming DescribeInstances.
Result<DescribeInstancesResponse> parse_describe_instances(std::string body, std::string_view region);

// The ServiceCall for one page.
ServiceCall describe_instances_call(const std::string& region, const DescribeInstancesRequest& request);

// Fetches one page.
void describe_instances(AwsCaller& caller, const std::string& region, const DescribeInstancesRequest& request,
                        Callback<DescribeInstancesResponse> done);

// Fetches every page from `request.next_token` on, handing each to `on_page` as it arrives;
// `done` gets the first error (pages already delivered stay delivered) or success. A
// `first_page_size` (MaxResults of the first page only; 0: request.max_results throughout) lets a
// caller start per-instance work on a few instances while the rest of a large page is rendered.
void describe_all_instances(AwsCaller& caller, const std::string& region, DescribeInstancesRequest request,
                            std::function<void(DescribeInstancesResponse&&)> on_page,
                            std::function<void(Result<void>)> done, int first_page_size = 0);

}  // namespace rolecall::aws::ec2
