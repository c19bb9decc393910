#pragma once
// IAM deletions the rollback of a key migration makes to undo a role it created (docs/remediation.md,
// "Key migration"): DeleteRolePolicy, DetachRolePolicy, RemoveRoleFromInstanceProfile,
// DeleteInstanceProfile, DeleteRole. Each is a mutation answered with metadata only.

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/iam_role_changes.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:DeleteRolePolicy parameters.
struct DeleteRolePolicyRequest {
  std::string role_name;    // RoleName (required)
  std::string policy_name;  // PolicyName (required)
};
// The ServiceCall for iam:DeleteRolePolicy (ApiClass::kMutate).
ServiceCall delete_role_policy_call(const DeleteRolePolicyRequest& request);
// Parses a DeleteRolePolicy XML body.
Result<RoleChangeResponse> parse_delete_role_policy(std::string_view body);
// Calls iam:DeleteRolePolicy; kInvalidArgument without a call when a member is empty.
void delete_role_policy(AwsCaller& caller, const DeleteRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done);

// iam:DetachRolePolicy parameters.
struct DetachRolePolicyRequest {
  std::string role_name;   // RoleName (required)
  std::string policy_arn;  // PolicyArn (required)
};
// The ServiceCall for iam:DetachRolePolicy (ApiClass::kMutate).
ServiceCall detach_role_policy_call(const DetachRolePolicyRequest& request);
// Parses a DetachRolePolicy XML body.
Result<RoleChangeResponse> parse_detach_role_policy(std::string_view body);
// Calls iam:DetachRolePolicy; kInvalidArgument without a call when a member is empty.
void detach_role_policy(AwsCaller& caller, const DetachRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done);

// iam:RemoveRoleFromInstanceProfile parameters.
struct RemoveRoleFromInstanceProfileRequest {
  std::string instance_profile_name;  // InstanceProfileName (required)
  std::string role_name;              // RoleName (required)
};
// The ServiceCall for iam:RemoveRoleFromInstanceProfile (ApiClass::kMutate).
ServiceCall remove_role_from_instance_profile_call(const RemoveRoleFromInstanceProfileRequest& request);
// Parses a RemoveRoleFromInstanceProfile XML body.
Result<RoleChangeResponse> parse_remove_role_from_instance_profile(std::string_view body);
// Calls iam:RemoveRoleFromInstanceProfile; kInvalidArgument without a call when a member is empty.
void remove_role_from_instance_profile(AwsCaller& caller, const RemoveRoleFromInstanceProfileRequest& request,
                                       ops::OpCallback<RoleChangeResponse> done);

// iam:DeleteInstanceProfile parameters.
struct DeleteInstanceProfileRequest {
  std::string instance_profile_name;  // InstanceProfileName (required)
};
// The ServiceCall for iam:DeleteInstanceProfile (ApiClass::kMutate).
ServiceCall delete_instance_profile_call(const DeleteInstanceProfileRequest& request);
// Parses a DeleteInstanceProfile XML body.
Result<RoleChangeResponse> parse_delete_instance_profile(std::string_view body);
// Calls iam:DeleteInstanceProfile; kInvalidArgument without a call when the name is empty.
void delete_instance_profile(AwsCaller& caller, const DeleteInstanceProfileRequest& request,
                             ops::OpCallback<RoleChangeResponse> done);

// iam:DeleteRole parameters (IAM refuses with DeleteConflict while policies or a profile hold it).
struct DeleteRoleRequest {
  std::string role_name;  // RoleName (required)
};
// The ServiceCall for iam:DeleteRole (ApiClass::kMutate).
ServiceCall delete_role_call(const DeleteRoleRequest& request);
// Parses a DeleteRole XML body.
Result<RoleChangeResponse> parse_delete_role(std::string_view body);
// Calls iam:DeleteRole; kInvalidArgument without a call when the name is empty.
void delete_role(AwsCaller& caller, const DeleteRoleRequest& request, ops::OpCallback<RoleChangeResponse> done);

}  // namespace rolecall::aws::iam
