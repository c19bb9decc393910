#include "aws/ops/ec2_instances.h"

#include <utility>

#include "aws/protocol/pagination.h"

namespace rolecall::aws::ec2 {

namespace {

ServiceCall instances_call(const std::string& region, const DescribeInstancesRequest& request,
                           const std::string& token) {
  QueryParams params;
  add_ec2_list(params, "InstanceId", request.instance_ids);
  add_filters(params, request.filters);
  add_paging(params, request.max_results, token);
  return make_call(region, "DescribeInstances", std::move(params));
}

}  // namespace

void describe_instances(AwsCaller& caller, const std::string& region, const DescribeInstancesRequest& request,
                        Callback<DescribeInstancesResponse> done) {
  call_and_parse<DescribeInstancesResponse>(
      caller, instances_call(region, request, request.next_token),
      [region](ServiceResponse r) { return parse_describe_instances(std::move(r.body), region); }, std::move(done));
}

void describe_all_instances(AwsCaller& caller, const std::string& region, DescribeInstancesRequest request,
                            std::function<void(DescribeInstancesResponse&&)> on_page,
                            std::function<void(Result<void>)> done) {
  std::string first = request.next_token;
  paginate_pages<DescribeInstancesResponse>(
      caller,
      [region, request = std::move(request), first](const std::string& token) {
        return instances_call(region, request, token.empty() ? first : token);
      },
      [region](ServiceResponse r) { return parse_describe_instances(std::move(r.body), region); },
      [](const DescribeInstancesResponse& page) { return page.next_token; }, std::move(on_page), std::move(done));
}

}  // namespace rolecall::aws::ec2
