#pragma once
// What a reviewer recognises in a plan: each instance's Name tag and, for a replace, what the change
// does to permissions (computed from the collected IAM documents by checks/policy_analysis).

#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// What replacing the profile `old_profile_arn` with a profile holding `target_role` does to
// permissions in `account`: the old role's admin-level grants and its policies the target lacks
// (managed by ARN, inline by identical document). Empty (old_role "") when the old profile, its
// role or one of its policy documents was not collected: nothing is claimed then.
PermissionChange permission_change(const AccountInventory& account, const std::string& old_profile_arn,
                                   const Role* target_role);

// Fills every action's instance_name (the Name tag) and each replace's permissions from `inventory`
// (not account_names yet: the inventory carries no account name; see the seam in plan_labels.cpp).
void label_plan(Plan& plan, const Inventory& inventory);

}  // namespace rolecall::remediate
