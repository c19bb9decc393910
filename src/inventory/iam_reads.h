#pragma once
// Reading one role or one instance profile of an account as the account's whole IAM read would
// give it (GetAccountAuthorizationDetails), for a change that names it: a handful of calls instead
// of every role and policy of the account. Used by watch's incremental re-audit.

#include <optional>
#include <set>
#include <string>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "rolecall/error.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Role `name` with its trust, tags, permissions boundary, inline policies (documents) and attached
// managed policy ARNs (GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies; runs
// `loop`); nullopt when the role does not exist (NoSuchEntity).
Result<std::optional<Role>> read_role(aws::EventLoop& loop, aws::AwsCaller& caller, const std::string& name);

// Instance profile `name` and the ARNs of its roles (GetInstanceProfile; runs `loop`); nullopt
// when it does not exist.
Result<std::optional<InstanceProfile>> read_profile(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                    const std::string& name);

// `account`'s IAM as it is after a change to the roles and profiles named, read alone and patched
// into a copy of `kept` (which must have its IAM collected); nullopt when that cannot stand for a
// whole read: a role now attaches a managed policy `kept` does not hold (its document was never
// read). Errors are the calls'.
Result<std::optional<AccountInventory>> read_named_iam(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                       const AccountInventory& kept, const std::set<std::string>& roles,
                                                       const std::set<std::string>& profiles);

}  // namespace rolecall::inventory
