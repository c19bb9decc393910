#pragma once
// iam:GetPolicyVersion: one version of a managed policy with its decoded document.

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:GetPolicyVersion parameters.
struct GetPolicyVersionRequest {
  std::string policy_arn;  // PolicyArn (required)
  std::string version_id;  // VersionId (required), e.g. "v3" (a policy's DefaultVersionId)
};
// iam:GetPolicyVersion result.
struct GetPolicyVersionResponse {
  std::string version_id;   // PolicyVersion/VersionId
  bool is_default = false;  // PolicyVersion/IsDefaultVersion
  std::string document;     // PolicyVersion/Document, decoded JSON text
};
// The ServiceCall for iam:GetPolicyVersion.
ServiceCall get_policy_version_call(const GetPolicyVersionRequest& request);
// Parses a GetPolicyVersion XML body.
Result<GetPolicyVersionResponse> parse_get_policy_version(std::string_view body);
// Calls iam:GetPolicyVersion; kInvalidArgument without a call when a field is empty.
void get_policy_version(AwsCaller& caller, const GetPolicyVersionRequest& request,
                        ops::OpCallback<GetPolicyVersionResponse> done);

}  // namespace rolecall::aws::iam
