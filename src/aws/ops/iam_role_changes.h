#pragma once
// IAM role changes a key migration makes for a role it creates (docs/remediation.md, "Key
// migration"): CreateRole (with tags), PutRolePolicy, AttachRolePolicy. Each is a mutation.

#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::iam {

// iam:CreateRole parameters.
struct CreateRoleRequest {
  std::string role_name;                    // RoleName (required)
  std::string assume_role_policy_document;  // AssumeRolePolicyDocument (required), JSON text
  std::string path;                         // Path; empty: "/"
  std::string description;                  // Description; empty: none
  std::vector<Tag> tags;                    // Tags.member.N.Key / .Value
  std::string permissions_boundary = {};    // PermissionsBoundary (a managed policy ARN); empty: none
};
// iam:CreateRole result.
struct CreateRoleResponse {
  Role role;               // Role, its trust policy decoded
  std::string request_id;  // ResponseMetadata/RequestId, for the remediation journal
};
// The ServiceCall for iam:CreateRole (ApiClass::kMutate).
ServiceCall create_role_call(const CreateRoleRequest& request);
// Parses a CreateRole XML body.
Result<CreateRoleResponse> parse_create_role(std::string_view body);
// Calls iam:CreateRole; kInvalidArgument without a call when the name or trust policy is empty.
void create_role(AwsCaller& caller, const CreateRoleRequest& request, ops::OpCallback<CreateRoleResponse> done);

// The result of a role change IAM answers with metadata only.
struct RoleChangeResponse {
  std::string request_id;  // ResponseMetadata/RequestId
};
// Parses the metadata-only answer of `action` (`operation` names it in errors: "iam:DeleteRole").
Result<RoleChangeResponse> parse_role_change(std::string_view body, std::string_view operation,
                                             std::string_view action);

// iam:PutRolePolicy parameters (creates or replaces the inline policy).
struct PutRolePolicyRequest {
  std::string role_name;        // RoleName (required)
  std::string policy_name;      // PolicyName (required)
  std::string policy_document;  // PolicyDocument (required), JSON text
};
// The ServiceCall for iam:PutRolePolicy (ApiClass::kMutate).
ServiceCall put_role_policy_call(const PutRolePolicyRequest& request);
// Parses a PutRolePolicy XML body.
Result<RoleChangeResponse> parse_put_role_policy(std::string_view body);
// Calls iam:PutRolePolicy; kInvalidArgument without a call when a member is empty.
void put_role_policy(AwsCaller& caller, const PutRolePolicyRequest& request, ops::OpCallback<RoleChangeResponse> done);

// iam:AttachRolePolicy parameters (attaching an attached policy again succeeds).
struct AttachRolePolicyRequest {
  std::string role_name;   // RoleName (required)
  std::string policy_arn;  // PolicyArn (required)
};
// The ServiceCall for iam:AttachRolePolicy (ApiClass::kMutate).
ServiceCall attach_role_policy_call(const AttachRolePolicyRequest& request);
// Parses an AttachRolePolicy XML body.
Result<RoleChangeResponse> parse_attach_role_policy(std::string_view body);
// Calls iam:AttachRolePolicy; kInvalidArgument without a call when a member is empty.
void attach_role_policy(AwsCaller& caller, const AttachRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done);

}  // namespace rolecall::aws::iam
