#pragma once
// The rollback of the `rolecall-<user>` roles an apply run created (create_roles.h), after its
// instances are restored: remove the role from its profile, delete the profile, delete the inline
// policies and detach the managed ones, delete the role. Only what the run made: a role no longer
// tagged with the run, or given anything since (policies, another trust), is left alone
// (changed-elsewhere); one already gone is not-found.

#include <set>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "remediate/apply.h"
#include "remediate/journal.h"

namespace rolecall::remediate {

// Journal operations of a role's undo (role steps on role_step_resource(name), profile steps on the profile name).
inline constexpr const char* kRemoveRoleFromProfileOp = "remove-role-from-profile";
inline constexpr const char* kDeleteProfileOp = "delete-profile";
inline constexpr const char* kDeleteRolePolicyOp = "delete-role-policy";
inline constexpr const char* kDetachRolePolicyOp = "detach-role-policy";
inline constexpr const char* kDeleteRoleOp = "delete-role";

// Whether `operation` is one of the undo steps above.
bool is_role_undo_op(const std::string& operation);

// A role an apply run created, as its journal tells.
struct CreatedRole {
  std::string account_id;
  std::string role_name;
  std::set<std::string> inline_policies;   // the names the run put
  std::set<std::string> managed_policies;  // the ARNs the run attached
  bool profile_created = false;            // the run created (or completed) its instance profile
};

// The roles run `steps` created (a create-role step not refused as belonging to someone else).
std::vector<CreatedRole> created_roles(const std::vector<StepRecord>& steps);

// The ARN of the instance profile of `role` (same name, path /).
std::string created_role_profile_arn(const CreatedRole& role);

// Undoes `roles` of run `parent_run_id` into run `rollback_run_id` (runs `loop`), skipping those
// whose profile ARN is in `in_use` (instances are still on it: changed-elsewhere). Fails only when
// the journal cannot be written.
Result<void> undo_created_roles(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                const std::string& parent_run_id, const std::string& rollback_run_id,
                                const std::vector<CreatedRole>& roles, const std::set<std::string>& in_use);

}  // namespace rolecall::remediate
