#pragma once
// Reads IAM users' permissions for `plan --migrate-keys` without a target: per account, its users,
// groups and managed policies (iam:GetAccountAuthorizationDetails, Filter User, Group,
// LocalManagedPolicy, AWSManagedPolicy), one paginated sweep per account.

#include <map>
#include <set>
#include <string>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {

// The directory of each of `accounts` (runs `loop`). An account without a caller, or whose read
// failed, has UserDirectory::error set; never fails as a whole.
std::map<std::string, UserDirectory> read_user_directories(aws::EventLoop& loop,
                                                           const std::map<std::string, aws::AwsCaller*>& callers,
                                                           const std::set<std::string>& accounts);

}  // namespace rolecall::remediate
