#include "aws/ops/ec2_instance_attribute.h"

#include <utility>

#include "aws/protocol/xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeUserDataResponse> parse_describe_user_data(std::string body) {
  constexpr std::string_view kOp = "DescribeInstanceAttribute";
  auto doc = xml::Document::parse(std::move(body), kOp);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeInstanceAttributeResponse", kOp); !ok) {
    return std::unexpected(ok.error());
  }
  pugi::xml_node root = doc->root();
  DescribeUserDataResponse out;
  out.instance_id = xml::child_string(root, "instanceId");
  out.user_data = std::string(xml::path_text(root, {"userData", "value"}));
  out.request_id = xml::request_id(root);
  return out;
}

void describe_user_data(AwsCaller& caller, const std::string& region, const DescribeUserDataRequest& request,
                        Callback<DescribeUserDataResponse> done) {
  if (request.instance_id.empty()) {
    return done(fail(ErrorKind::kInvalidArgument, "DescribeInstanceAttribute: InstanceId is required"));
  }
  QueryParams params{{"InstanceId", request.instance_id}, {"Attribute", "userData"}};
  call_and_parse<DescribeUserDataResponse>(
      caller, make_call(region, "DescribeInstanceAttribute", std::move(params)),
      [](ServiceResponse r) { return parse_describe_user_data(std::move(r.body)); }, std::move(done));
}

}  // namespace rolecall::aws::ec2
