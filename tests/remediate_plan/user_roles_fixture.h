#pragma once
// What the tests of users' roles share: an account whose IAM was read and holds nothing yet, and
// the least-privilege role of a user as a plan records it.

#include <string>

#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::testing {

// Account `id`, IAM collected, no roles, profiles or policies (indexed).
inline AccountInventory iam_read_account(const std::string& id) {
  AccountInventory a;
  a.account_id = id;
  a.iam_collected = true;
  a.build_index();
  return a;
}

// User deploy's least-privilege role in account 111111111111, granting ec2:DescribeInstances and
// s3:GetObject, iam:CreateUser seen but not granted.
inline RoleToCreate least_privilege_role() {
  RoleToCreate role;
  role.account_id = "111111111111";
  role.user = "deploy";
  role.role_name = "rolecall-deploy";
  role.inline_policies = {{"rolecall-least-privilege", "least privilege: ...", R"({"Version":"2012-10-17"})"}};
  role.least_privilege = true;
  role.actions_granted = {"ec2:DescribeInstances", "s3:GetObject"};
  role.actions_not_granted = {"iam:CreateUser"};
  return role;
}

}  // namespace rolecall::testing
