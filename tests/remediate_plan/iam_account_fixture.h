#pragma once
// An account whose IAM was read and holds nothing yet, for the tests that plan its users' roles.

#include <string>

#include "rolecall/inventory.h"

namespace rolecall::testing {

// Account `id`, IAM collected, no roles, profiles or policies (indexed).
inline AccountInventory iam_read_account(const std::string& id) {
  AccountInventory a;
  a.account_id = id;
  a.iam_collected = true;
  a.build_index();
  return a;
}

}  // namespace rolecall::testing
