#pragma once
// Key migration without a target for some instances (none named, or no mapping rule matches):
// each such instance gets the role of the IAM user whose key it holds or uses (user_roles.h); one
// role per user, shared by its instances. Pure: the users' permissions are read beforehand.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "remediate/key_migration.h"
#include "remediate/planner.h"
#include "remediate/user_roles.h"
#include "rolecall/inventory.h"

namespace rolecall::remediate {

// What the plan creates for the user roles its actions target.
struct UserRoleCreations {
  std::vector<RoleToCreate> roles;        // sorted by account, user
  std::vector<ProfileToCreate> profiles;  // profiles for existing, equal roles that no profile holds
};

// The accounts whose users' permissions `assign_user_roles` needs: the key owners' of the facts
// whose target is not named.
std::set<std::string> user_role_accounts(const std::vector<InstanceFacts>& facts,
                                         const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance);

// Sets the target of each of `facts` whose target is not named (ResolvedTarget::named false) to its
// key owner's role, or blocks it (keys of several users, owner admin-level, ...); `directories` by
// account id. With `seen` (--least-privilege, by account and user) each role is narrowed to the
// actions its user's keys were seen calling (user_roles.h). Returns the roles and profiles those
// targets need created.
UserRoleCreations assign_user_roles(const Inventory& inventory, const std::map<std::string, UserDirectory>& directories,
                                    const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance,
                                    std::vector<InstanceFacts>& facts,
                                    const std::map<std::pair<std::string, std::string>, SeenActions>* seen = nullptr);

}  // namespace rolecall::remediate
