#include "emulator/services/iam/operations.h"

#include "emulator/services/iam/handlers.h"

namespace rolecall::emulator::iam {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"GetAccountAuthorizationDetails", false, get_account_authorization_details},
      {"GetInstanceProfile", false, get_instance_profile},
      {"ListInstanceProfiles", false, list_instance_profiles},
      {"ListInstanceProfilesForRole", false, list_instance_profiles_for_role},
      {"GetRole", false, get_role},
      {"ListAccountAliases", false, list_account_aliases},
      {"ListRoles", false, list_roles},
      {"ListAttachedRolePolicies", false, list_attached_role_policies},
      {"ListRolePolicies", false, list_role_policies},
      {"GetRolePolicy", false, get_role_policy},
      {"GetPolicy", false, get_policy},
      {"GetPolicyVersion", false, get_policy_version},
      {"ListPolicyVersions", false, list_policy_versions},
      {"CreateInstanceProfile", true, create_instance_profile},
      {"AddRoleToInstanceProfile", true, add_role_to_instance_profile},
      {"SimulatePrincipalPolicy", false, simulate_principal_policy},
      {"CreateRole", true, create_role},
      {"DeleteRole", true, delete_role},
      {"UpdateAssumeRolePolicy", true, update_assume_role_policy},
      {"TagRole", true, tag_role},
      {"PutRolePolicy", true, put_role_policy},
      {"DeleteRolePolicy", true, delete_role_policy},
      {"AttachRolePolicy", true, attach_role_policy},
      {"DetachRolePolicy", true, detach_role_policy},
      {"CreatePolicy", true, create_policy},
      {"CreatePolicyVersion", true, create_policy_version},
      {"DeletePolicyVersion", true, delete_policy_version},
      {"SetDefaultPolicyVersion", true, set_default_policy_version},
      {"DeletePolicy", true, delete_policy},
      {"PutRolePermissionsBoundary", true, put_role_permissions_boundary},
      {"DeleteRolePermissionsBoundary", true, delete_role_permissions_boundary},
      {"PutUserPermissionsBoundary", true, put_user_permissions_boundary},
      {"DeleteUserPermissionsBoundary", true, delete_user_permissions_boundary},
      {"RemoveRoleFromInstanceProfile", true, remove_role_from_instance_profile},
      {"DeleteInstanceProfile", true, delete_instance_profile},
      {"CreateUser", true, create_user},
      {"GetUser", false, get_user},
      {"ListUsers", false, list_users},
      {"CreateAccessKey", true, create_access_key},
      {"ListAccessKeys", false, list_access_keys},
      {"UpdateAccessKey", true, update_access_key},
      {"GetAccessKeyLastUsed", false, get_access_key_last_used},
  };
  return ops;
}

}  // namespace rolecall::emulator::iam
