#include "aws/ops/ec2_instances.h"

#include <utility>

#include "aws/protocol/pagination.h"

namespace rolecall::aws::ec2 {

ServiceCall describe_instances_call(const std::string& region, const DescribeInstancesRequest& request) {
  return make_describe_call(region, "DescribeInstances", "InstanceId", request.instance_ids, request.filters,
                            request.max_results, request.next_token);
}

void describe_instances(AwsCaller& caller, const std::string& region, const DescribeInstancesRequest& request,
                        Callback<DescribeInstancesResponse> done) {
  ops::run_op<DescribeInstancesResponse>(
      caller, describe_instances_call(region, request),
      [region](std::string body) { return parse_describe_instances(std::move(body), region); }, std::move(done));
}

void describe_all_instances(AwsCaller& caller, const std::string& region, DescribeInstancesRequest request,
                            std::function<void(DescribeInstancesResponse&&)> on_page,
                            std::function<void(Result<void>)> done, int first_page_size) {
  paginate_pages<DescribeInstancesResponse>(
      caller,
      [region, request = std::move(request), first_page_size](const std::string& token) {
        DescribeInstancesRequest page = request;  // the first page keeps request.next_token
        if (!token.empty()) {
          page.next_token = token;
        } else if (first_page_size > 0 && page.max_results > first_page_size) {
          // MaxResults may differ from page to page: EC2's NextToken carries the position only.
          page.max_results = first_page_size;
        }
        return describe_instances_call(region, page);
      },
      [region](ServiceResponse r) { return parse_describe_instances(std::move(r.body), region); },
      [](const DescribeInstancesResponse& page) { return page.next_token; }, std::move(on_page), std::move(done));
}

}  // namespace rolecall::aws::ec2
