// EC2 Query-protocol responses (XML from an endpoint, untrusted): every EC2 response parser rolecall
// has, and the error-body parser, on the same input. Each parser checks the root element, so a
// DescribeInstances body goes deep in its own parser and is rejected early by the others.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/ops/ec2_egress.h"
#include "aws/ops/ec2_instance_attribute.h"
#include "aws/ops/ec2_instances.h"
#include "aws/ops/ec2_launch_templates.h"
#include "aws/ops/ec2_profile_associations.h"
#include "aws/ops/ec2_regions.h"
#include "aws/ops/ec2_start_stop.h"
#include "aws/protocol/errors.h"

namespace ec2 = rolecall::aws::ec2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)ec2::parse_describe_instances(body, "us-east-1");
  (void)ec2::parse_describe_user_data(body);
  (void)ec2::parse_describe_launch_templates(body, "us-east-1");
  (void)ec2::parse_describe_launch_template_versions(body);
  (void)ec2::parse_describe_profile_associations(body);
  for (std::string_view action :
       {"AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile"}) {
    (void)ec2::parse_profile_association(body, action);
  }
  (void)ec2::parse_start_stop(body, "StopInstances");
  (void)ec2::parse_start_stop(body, "StartInstances");
  (void)ec2::parse_describe_regions(body);
  (void)ec2::parse_describe_nat_gateways(body);
  (void)ec2::parse_describe_route_tables(body);
  (void)rolecall::aws::parse_query_error(400, body);
  return 0;
}
