#pragma once
// A role per IAM user (`plan --migrate-keys` naming no target, docs/remediation.md "Key
// migration"): the workload that used user U's key gets a role `rolecall-<U>` trusting EC2 only,
// with U's identity policies (its own and its groups'), unless U is admin-level (the operator must
// name a target then). Pure: the users' permissions are read by user_directory.h.

#include <map>
#include <optional>
#include <string>

#include "remediate/least_privilege.h"
#include "remediate/planner.h"
#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// One account's IAM users, groups and their managed policies (GetAccountAuthorizationDetails with
// Filter User, Group, LocalManagedPolicy, AWSManagedPolicy).
struct UserDirectory {
  std::map<std::string, IamUser> users;           // by user name
  std::map<std::string, IamGroup> groups;         // by group name
  std::map<std::string, ManagedPolicy> policies;  // by ARN, with the default version's document
  std::optional<Error> error;                     // the account's users could not be read
  // Bucket policies (s3:ListBuckets, s3:GetBucketPolicy): by bucket ARN, buckets without one left
  // out. A bucket policy naming a user is not carried to its role (plan_user_role).
  std::map<std::string, std::string> bucket_policies;
  std::optional<Error> buckets_error;  // some could not be read: the plan warns, and judges the rest
};

// "rolecall-<user>" within IAM's role name rules ([\w+=,.@-], 64 characters): a user name that
// does not fit (too long, or characters outside the set) is cut and given "-" and 8 hex digits of
// the SHA-256 of the full name, so the name is deterministic and distinct users stay distinct.
std::string user_role_name(const std::string& user);

// The characters of `role`'s inline policy documents as IAM counts them against its 10,240 quota
// (whitespace excluded).
std::size_t user_role_inline_characters(const RoleToCreate& role);

// Whether two policy documents say the same (compared as JSON, not as text).
bool same_policy_document(const std::string& a, const std::string& b);

// The trust policy of a created role: sts:AssumeRole by ec2.amazonaws.com only.
const std::string& user_role_trust_policy();

// How one user's instances reach their role.
struct UserRolePlan {
  ResolvedTarget target;                          // profile ARN/name and role ARN; blocked_reason when blocked
  std::optional<RoleToCreate> create_role;        // the role (and its profile) to create
  std::optional<ProfileToCreate> create_profile;  // an existing, equal role that no profile holds yet
};

// Plans user `user`'s role in `account` (its roles and profiles as collected) from `directory`:
// blocked when the user's permissions cannot be read or judged, are admin-level, exceed an IAM quota
// of a role (more than 10 managed policies, inline documents over 10,240 characters without
// whitespace), or a role or profile of that name exists with other permissions; an existing role with exactly the
// planned permissions and trust is reused. With `seen` (--least-privilege) the role's one inline
// policy is the user's policies narrowed to those actions (least_privilege.h), proven within them
// and not admin-level (checks/policy_containment.h) before it is planned; blocked when the evidence
// is missing or incomplete, or no seen action is granted, or the proof fails.
UserRolePlan plan_user_role(const AccountInventory& account, const UserDirectory& directory, const std::string& user,
                            const SeenActions* seen = nullptr);

}  // namespace rolecall::remediate
