#include "aws/ops/iam_role_deletes.h"

namespace rolecall::aws::iam {

ServiceCall delete_role_policy_call(const DeleteRolePolicyRequest& request) {
  return make_call("DeleteRolePolicy", {{"RoleName", request.role_name}, {"PolicyName", request.policy_name}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_delete_role_policy(std::string_view body) {
  return parse_role_change(body, "iam:DeleteRolePolicy", "DeleteRolePolicy");
}

void delete_role_policy(AwsCaller& caller, const DeleteRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:DeleteRolePolicy", "RoleName is empty");
  if (request.policy_name.empty()) return ops::reject(done, "iam:DeleteRolePolicy", "PolicyName is empty");
  ops::run_op<RoleChangeResponse>(caller, delete_role_policy_call(request), parse_delete_role_policy, std::move(done));
}

ServiceCall detach_role_policy_call(const DetachRolePolicyRequest& request) {
  return make_call("DetachRolePolicy", {{"RoleName", request.role_name}, {"PolicyArn", request.policy_arn}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_detach_role_policy(std::string_view body) {
  return parse_role_change(body, "iam:DetachRolePolicy", "DetachRolePolicy");
}

void detach_role_policy(AwsCaller& caller, const DetachRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:DetachRolePolicy", "RoleName is empty");
  if (request.policy_arn.empty()) return ops::reject(done, "iam:DetachRolePolicy", "PolicyArn is empty");
  ops::run_op<RoleChangeResponse>(caller, detach_role_policy_call(request), parse_detach_role_policy, std::move(done));
}

ServiceCall remove_role_from_instance_profile_call(const RemoveRoleFromInstanceProfileRequest& request) {
  return make_call("RemoveRoleFromInstanceProfile",
                   {{"InstanceProfileName", request.instance_profile_name}, {"RoleName", request.role_name}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_remove_role_from_instance_profile(std::string_view body) {
  return parse_role_change(body, "iam:RemoveRoleFromInstanceProfile", "RemoveRoleFromInstanceProfile");
}

void remove_role_from_instance_profile(AwsCaller& caller, const RemoveRoleFromInstanceProfileRequest& request,
                                       ops::OpCallback<RoleChangeResponse> done) {
  if (request.instance_profile_name.empty()) {
    return ops::reject(done, "iam:RemoveRoleFromInstanceProfile", "InstanceProfileName is empty");
  }
  if (request.role_name.empty()) return ops::reject(done, "iam:RemoveRoleFromInstanceProfile", "RoleName is empty");
  ops::run_op<RoleChangeResponse>(caller, remove_role_from_instance_profile_call(request),
                                  parse_remove_role_from_instance_profile, std::move(done));
}

ServiceCall delete_instance_profile_call(const DeleteInstanceProfileRequest& request) {
  return make_call("DeleteInstanceProfile", {{"InstanceProfileName", request.instance_profile_name}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_delete_instance_profile(std::string_view body) {
  return parse_role_change(body, "iam:DeleteInstanceProfile", "DeleteInstanceProfile");
}

void delete_instance_profile(AwsCaller& caller, const DeleteInstanceProfileRequest& request,
                             ops::OpCallback<RoleChangeResponse> done) {
  if (request.instance_profile_name.empty()) {
    return ops::reject(done, "iam:DeleteInstanceProfile", "InstanceProfileName is empty");
  }
  ops::run_op<RoleChangeResponse>(caller, delete_instance_profile_call(request), parse_delete_instance_profile,
                                  std::move(done));
}

ServiceCall delete_role_call(const DeleteRoleRequest& request) {
  return make_call("DeleteRole", {{"RoleName", request.role_name}}, ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_delete_role(std::string_view body) {
  return parse_role_change(body, "iam:DeleteRole", "DeleteRole");
}

void delete_role(AwsCaller& caller, const DeleteRoleRequest& request, ops::OpCallback<RoleChangeResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:DeleteRole", "RoleName is empty");
  ops::run_op<RoleChangeResponse>(caller, delete_role_call(request), parse_delete_role, std::move(done));
}

}  // namespace rolecall::aws::iam
