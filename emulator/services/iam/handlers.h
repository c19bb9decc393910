#pragma once
// The IAM operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::iam {

// details.cpp
HandlerResult get_account_authorization_details(RequestContext& ctx);  // GetAccountAuthorizationDetails

// read.cpp
HandlerResult get_instance_profile(RequestContext& ctx);             // GetInstanceProfile
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

}  // namespace rolecall::emulator::iam
