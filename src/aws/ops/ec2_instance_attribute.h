#pragma once
// EC2 DescribeInstanceAttribute for userData: where hard-coded keys most often hide.

#include <string>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// DescribeInstanceAttribute parameters (Attribute=userData is implied).
struct DescribeUserDataRequest {
  std::string instance_id;  // InstanceId
};

// The instance's user data.
struct DescribeUserDataResponse {
  std::string instance_id;  // instanceId as echoed by EC2
  std::string user_data;    // userData/value: base64 exactly as returned; "" when none is set
  std::string request_id;
};

// Parses a DescribeInstanceAttribute (userData) body; kParse naming the operation on bad XML.
Result<DescribeUserDataResponse> parse_describe_user_data(std::string body);

// Reads the user data of one instance.
void describe_user_data(AwsCaller& caller, const std::string& region, const DescribeUserDataRequest& request,
                        Callback<DescribeUserDataResponse> done);

}  // namespace rolecall::aws::ec2
