#pragma once
// sts:GetAccessKeyInfo: the account that owns an access key id. Only the key id is sent; it is
// looked up with the caller's own credentials (a found secret is never used).

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::sts {

// sts:GetAccessKeyInfo parameters.
struct GetAccessKeyInfoRequest {
  std::string access_key_id;  // AccessKeyId (AKIA... or ASIA...)
  std::string region;         // STS region (regional endpoint); empty: us-east-1
};
// sts:GetAccessKeyInfo result.
struct GetAccessKeyInfoResponse {
  std::string account;  // Account owning the key, 12 digits
};
// The ServiceCall for sts:GetAccessKeyInfo.
ServiceCall get_access_key_info_call(const GetAccessKeyInfoRequest& request);
// Parses a GetAccessKeyInfo XML body; Account is required.
Result<GetAccessKeyInfoResponse> parse_get_access_key_info(std::string_view body);
// Calls sts:GetAccessKeyInfo.
void get_access_key_info(AwsCaller& caller, const GetAccessKeyInfoRequest& request,
                         ops::OpCallback<GetAccessKeyInfoResponse> done);

}  // namespace rolecall::aws::sts
