#pragma once
// iam:GetPolicy and iam:GetPolicyVersion: a managed policy's default version, and one version of it
// with its decoded document.

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:GetPolicy parameters.
struct GetPolicyRequest {
  std::string policy_arn;  // PolicyArn (required)
};
// iam:GetPolicy result: what names the policy and its default version.
struct GetPolicyResponse {
  std::string arn;                 // Policy/Arn
  std::string name;                // Policy/PolicyName
  std::string default_version_id;  // Policy/DefaultVersionId, e.g. "v3"
};
// The ServiceCall for iam:GetPolicy.
ServiceCall get_policy_call(const GetPolicyRequest& request);
// Parses a GetPolicy XML body.
Result<GetPolicyResponse> parse_get_policy(std::string_view body);
// Calls iam:GetPolicy; kInvalidArgument without a call when the ARN is empty.
void get_policy(AwsCaller& caller, const GetPolicyRequest& request, ops::OpCallback<GetPolicyResponse> done);

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
