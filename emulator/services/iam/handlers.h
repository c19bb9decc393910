#pragma once
// The IAM operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::iam {

// details.cpp
HandlerResult get_account_authorization_details(RequestContext& ctx);  // GetAccountAuthorizationDetails

// read.cpp
HandlerResult get_instance_profile(RequestContext& ctx);             // GetInstanceProfile
HandlerResult list_account_aliases(RequestContext& ctx);             // ListAccountAliases
HandlerResult list_instance_profiles(RequestContext& ctx);           // ListInstanceProfiles
HandlerResult list_instance_profiles_for_role(RequestContext& ctx);  // ListInstanceProfilesForRole
HandlerResult get_role(RequestContext& ctx);                         // GetRole
HandlerResult list_roles(RequestContext& ctx);                       // ListRoles
HandlerResult list_attached_role_policies(RequestContext& ctx);      // ListAttachedRolePolicies
HandlerResult list_role_policies(RequestContext& ctx);               // ListRolePolicies
HandlerResult get_role_policy(RequestContext& ctx);                  // GetRolePolicy
HandlerResult get_policy(RequestContext& ctx);                       // GetPolicy
HandlerResult get_policy_version(RequestContext& ctx);               // GetPolicyVersion

// write.cpp
HandlerResult create_instance_profile(RequestContext& ctx);       // CreateInstanceProfile
HandlerResult add_role_to_instance_profile(RequestContext& ctx);  // AddRoleToInstanceProfile
HandlerResult simulate_principal_policy(RequestContext& ctx);     // SimulatePrincipalPolicy

// roles.cpp
HandlerResult create_role(RequestContext& ctx);                // CreateRole
HandlerResult delete_role(RequestContext& ctx);                // DeleteRole
HandlerResult update_assume_role_policy(RequestContext& ctx);  // UpdateAssumeRolePolicy
HandlerResult tag_role(RequestContext& ctx);                   // TagRole

// role_policies.cpp
HandlerResult put_role_policy(RequestContext& ctx);     // PutRolePolicy
HandlerResult delete_role_policy(RequestContext& ctx);  // DeleteRolePolicy
HandlerResult attach_role_policy(RequestContext& ctx);  // AttachRolePolicy
HandlerResult detach_role_policy(RequestContext& ctx);  // DetachRolePolicy

// policies.cpp
HandlerResult create_policy(RequestContext& ctx);  // CreatePolicy
HandlerResult delete_policy(RequestContext& ctx);  // DeletePolicy

// policy_versions.cpp
HandlerResult create_policy_version(RequestContext& ctx);       // CreatePolicyVersion
HandlerResult list_policy_versions(RequestContext& ctx);        // ListPolicyVersions
HandlerResult delete_policy_version(RequestContext& ctx);       // DeletePolicyVersion
HandlerResult set_default_policy_version(RequestContext& ctx);  // SetDefaultPolicyVersion

// boundaries.cpp
HandlerResult put_role_permissions_boundary(RequestContext& ctx);     // PutRolePermissionsBoundary
HandlerResult delete_role_permissions_boundary(RequestContext& ctx);  // DeleteRolePermissionsBoundary
HandlerResult put_user_permissions_boundary(RequestContext& ctx);     // PutUserPermissionsBoundary
HandlerResult delete_user_permissions_boundary(RequestContext& ctx);  // DeleteUserPermissionsBoundary

// profiles.cpp
HandlerResult remove_role_from_instance_profile(RequestContext& ctx);  // RemoveRoleFromInstanceProfile
HandlerResult delete_instance_profile(RequestContext& ctx);            // DeleteInstanceProfile

// users.cpp
HandlerResult create_user(RequestContext& ctx);  // CreateUser
HandlerResult get_user(RequestContext& ctx);     // GetUser
HandlerResult list_users(RequestContext& ctx);   // ListUsers

// access_keys.cpp
HandlerResult create_access_key(RequestContext& ctx);         // CreateAccessKey
HandlerResult list_access_keys(RequestContext& ctx);          // ListAccessKeys
HandlerResult update_access_key(RequestContext& ctx);         // UpdateAccessKey
HandlerResult get_access_key_last_used(RequestContext& ctx);  // GetAccessKeyLastUsed

}  // namespace rolecall::emulator::iam
