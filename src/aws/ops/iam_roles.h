#pragma once
// IAM role reads: GetRole, ListRoles, ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::iam {

// iam:GetRole parameters.
struct GetRoleRequest {
  std::string role_name;  // RoleName (required)
};
// iam:GetRole result.
struct GetRoleResponse {
  Role role;  // trust policy decoded; no inline/attached policies (GetRole does not return them)
};
// The ServiceCall for iam:GetRole.
ServiceCall get_role_call(const GetRoleRequest& request);
// Parses a GetRole XML body.
Result<GetRoleResponse> parse_get_role(std::string_view body);
// Calls iam:GetRole; kInvalidArgument without a call when role_name is empty.
void get_role(AwsCaller& caller, const GetRoleRequest& request, ops::OpCallback<GetRoleResponse> done);

// iam:ListRoles parameters.
struct ListRolesRequest {
  std::string path_prefix;       // PathPrefix; empty: all roles
  std::optional<int> max_items;  // MaxItems
  std::string marker;            // Marker from the previous page
};
// One page of iam:ListRoles.
struct ListRolesResponse {
  std::vector<Role> roles;  // Roles (trust policies decoded)
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for iam:ListRoles.
ServiceCall list_roles_call(const ListRolesRequest& request);
// Parses a ListRoles XML body.
Result<ListRolesResponse> parse_list_roles(std::string_view body);
// Fetches one page.
void list_roles(AwsCaller& caller, const ListRolesRequest& request, ops::OpCallback<ListRolesResponse> done);
// Fetches every page from request.marker on, concatenated.
void list_roles_all(AwsCaller& caller, ListRolesRequest request, ops::OpCallback<ListRolesResponse> done);

// A managed policy attached to a role, as ListAttachedRolePolicies names it.
struct AttachedPolicy {
  std::string name;  // PolicyName
  std::string arn;   // PolicyArn
};

// iam:ListAttachedRolePolicies parameters.
struct ListAttachedRolePoliciesRequest {
  std::string role_name;  // RoleName (required)
  std::optional<int> max_items;
  std::string marker;
};
// One page of iam:ListAttachedRolePolicies.
struct ListAttachedRolePoliciesResponse {
  std::vector<AttachedPolicy> policies;  // AttachedPolicies
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for iam:ListAttachedRolePolicies.
ServiceCall list_attached_role_policies_call(const ListAttachedRolePoliciesRequest& request);
// Parses a ListAttachedRolePolicies XML body.
Result<ListAttachedRolePoliciesResponse> parse_list_attached_role_policies(std::string_view body);
// Fetches one page; kInvalidArgument when role_name is empty.
void list_attached_role_policies(AwsCaller& caller, const ListAttachedRolePoliciesRequest& request,
                                 ops::OpCallback<ListAttachedRolePoliciesResponse> done);
// Fetches every page, concatenated.
void list_attached_role_policies_all(AwsCaller& caller, ListAttachedRolePoliciesRequest request,
                                     ops::OpCallback<ListAttachedRolePoliciesResponse> done);

// iam:ListRolePolicies parameters.
struct ListRolePoliciesRequest {
  std::string role_name;  // RoleName (required)
  std::optional<int> max_items;
  std::string marker;
};
// One page of iam:ListRolePolicies.
struct ListRolePoliciesResponse {
  std::vector<std::string> policy_names;  // PolicyNames
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for iam:ListRolePolicies.
ServiceCall list_role_policies_call(const ListRolePoliciesRequest& request);
// Parses a ListRolePolicies XML body.
Result<ListRolePoliciesResponse> parse_list_role_policies(std::string_view body);
// Fetches one page; kInvalidArgument when role_name is empty.
void list_role_policies(AwsCaller& caller, const ListRolePoliciesRequest& request,
                        ops::OpCallback<ListRolePoliciesResponse> done);
// Fetches every page, concatenated.
void list_role_policies_all(AwsCaller& caller, ListRolePoliciesRequest request,
                            ops::OpCallback<ListRolePoliciesResponse> done);

// iam:GetRolePolicy parameters.
struct GetRolePolicyRequest {
  std::string role_name;    // RoleName (required)
  std::string policy_name;  // PolicyName (required)
};
// iam:GetRolePolicy result.
struct GetRolePolicyResponse {
  std::string role_name;  // RoleName
  InlinePolicy policy;    // PolicyName and the decoded PolicyDocument
};
// The ServiceCall for iam:GetRolePolicy.
ServiceCall get_role_policy_call(const GetRolePolicyRequest& request);
// Parses a GetRolePolicy XML body.
Result<GetRolePolicyResponse> parse_get_role_policy(std::string_view body);
// Calls iam:GetRolePolicy; kInvalidArgument when a name is empty.
void get_role_policy(AwsCaller& caller, const GetRolePolicyRequest& request,
                     ops::OpCallback<GetRolePolicyResponse> done);

}  // namespace rolecall::aws::iam
