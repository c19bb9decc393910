#include "aws/ops/ec2_instance_attribute.h"

#include <utility>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeUserDataResponse> parse_describe_user_data(std::string body) {
  constexpr std::string_view kOp = "DescribeInstanceAttribute";
  auto xml = ops::QueryXml::parse(std::move(body), kOp, kOp);
  if (!xml) return fail(xml.error());
  pugi::xml_node root = xml->root();
  DescribeUserDataResponse out;
  out.instance_id = xml::child_string(root, "instanceId");
  out.user_data = std::string(xml::path_text(root, {"userData", "value"}));
  out.request_id = xml->request_id();
  return out;
}

void describe_user_data(AwsCaller& caller, const std::string& region, const DescribeUserDataRequest& request,
                        Callback<DescribeUserDataResponse> done) {
  if (request.instance_id.empty()) return ops::reject(done, "DescribeInstanceAttribute", "InstanceId is required");
  QueryParams params{{"InstanceId", request.instance_id}, {"Attribute", "userData"}};
  ops::run_op<DescribeUserDataResponse>(caller, make_call(region, "DescribeInstanceAttribute", std::move(params)),
                                        parse_describe_user_data, std::move(done));
}

}  // namespace rolecall::aws::ec2
