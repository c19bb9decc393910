#pragma once
// The `rolecall-<user>` roles a key migration plan creates (RoleToCreate): CreateRole (EC2-only
// trust, tagged as rolecall's and this run's), each PutRolePolicy and AttachRolePolicy, then the
// role read back and compared with the plan (again for a few seconds while IAM settles). Every call is journaled before
// and after; a resumed run re-runs it and skips what its journal shows done, so nothing is made twice.

#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/journal.h"
#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Journal operations of a created role (the step's instance_id is role_step_resource(name)).
inline constexpr const char* kCreateRoleOp = "create-role";
inline constexpr const char* kPutRolePolicyOp = "put-role-policy";        // target_profile_arn: the policy name
inline constexpr const char* kAttachRolePolicyOp = "attach-role-policy";  // target_profile_arn: the policy ARN
inline constexpr const char* kVerifyRoleOp = "verify-role";
// The tags a created role carries: who made it, and which run (rollback deletes only its run's).
inline constexpr const char* kCreatedByTag = "rolecall:created-by";
inline constexpr const char* kCreatedByValue = "rolecall";
inline constexpr const char* kRunIdTag = "rolecall:run-id";

// "role/NAME": the journal resource of a role's steps (distinct from its profile, which has the name).
std::string role_step_resource(const std::string& role_name);
// Whether `operation` is one of a created role's steps above.
bool is_role_op(const std::string& operation);
// The ARN of the role (partition aws, path /).
std::string role_arn_of(const RoleToCreate& role);
// The instance profile of the same name that holds it.
ProfileToCreate profile_of(const RoleToCreate& role);
// Whether `role` as read carries run `run_id`'s tags.
bool made_by_run(const Role& role, const std::string& run_id);

// Whether a role came to be.
struct RoleReadiness {
  std::string why;       // empty: created (or found made by this run) and verified
  bool blocked = false;  // a role of that name exists that this run did not make: left alone
};

// Creates every role of `roles` in turn (runs `loop`), skipping the calls `earlier` (this run's
// steps before a resume; empty on a first run) shows done. Keyed by the role's profile ARN
// (profile_arn_of(profile_of(role))), which the instances' actions target. Fails only when the
// journal cannot be written.
Result<std::map<std::string, RoleReadiness>> create_roles(aws::EventLoop& loop, Journal& journal,
                                                          const std::string& run_id,
                                                          const std::map<std::string, aws::AwsCaller*>& callers,
                                                          const std::vector<RoleToCreate>& roles,
                                                          const std::vector<StepRecord>& earlier);

}  // namespace rolecall::remediate
