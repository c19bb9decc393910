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

// Managed policy `arn` with its default version's document (GetPolicy, GetPolicyVersion; runs
// `loop`); nullopt when it does not exist.
Result<std::optional<ManagedPolicy>> read_policy(aws::EventLoop& loop, aws::AwsCaller& caller, const std::string& arn);

// What a change names in one account's IAM.
struct NamedIam {
  std::set<std::string> roles;     // role names
  std::set<std::string> policies;  // managed policy ARNs
  std::set<std::string> profiles;  // instance profile names
};

// `kept`'s IAM (collected whole before) as it is after a change to what `named` names: each named
// role, policy and profile read alone and patched into a copy, with the managed policies a named
// role now attaches that `kept` never read. Errors are the calls' (kAccessDenied when the caller
// may read the account's IAM only as a whole).
Result<AccountInventory> read_named_iam(aws::EventLoop& loop, aws::AwsCaller& caller, const AccountInventory& kept,
                                        const NamedIam& named);

}  // namespace rolecall::inventory
