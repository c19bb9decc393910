#pragma once
// The planner: a pure function from what is known about each instance (its verdicts, its live
// state at planning time, the target resolved for it) to a Plan. No I/O; plan_build.h gathers the facts.

#include <map>
#include <string>
#include <vector>

#include "checks/check.h"
#include "rolecall/findings.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The checks a fresh plan judges: every check whose CheckInfo::fixed_by_plan is set, sorted by id.
const std::vector<const checks::Check*>& plan_checks();

// The check id whose FAIL means "no profile: associate one" (FixedLink::kAssociation).
const std::string& associate_check();

// The check ids whose FAIL means "the associated profile is inappropriate: replace it", in chain
// order (FixedLink), the order a replace's reason and fixes list them.
const std::vector<std::string>& replace_checks();

// The target an instance should end up with, resolved in its account (plan_target.h).
struct ResolvedTarget {
  TargetProfile profile;         // arn/name/role_arn; arn empty when nothing matched
  std::string blocked_reason;    // non-empty: the target cannot be used here (role missing, trust, admin, ...)
  std::string pass_role_denied;  // non-empty: iam:PassRole on the role is denied for the caller (why)
  bool named = true;             // false: the operator's target names none for the instance (blocked_reason says so)
};

// Everything known about one instance when planning.
struct InstanceFacts {
  InstanceState live;                      // state at planning time (the plan's `before`)
  bool found = true;                       // seen by DescribeInstances at planning time
  std::string association_state;           // associated / associating / disassociating; empty when none
  std::string association_error;           // the region's associations could not be read
  std::map<std::string, Status> verdicts;  // check id -> status from the scan (fresh or --from-scan)
  std::vector<std::string> errors;         // messages of the instance's ERROR findings
  std::string scanned_profile_arn;         // the profile the verdicts judged (finding evidence); may be empty
  bool scanned_profile_known = false;      // scanned_profile_arn is meaningful
  std::string scope_error;                 // the instance's account/region could not be scanned
  ResolvedTarget target;
  ManagedBy managed;  // the code that manages the instance (managed_source.h); tool empty when none
  // Key migration (plan --migrate-keys): why the instance must end on the target even when its
  // profile passes every check (the long-term keys it holds or uses); empty otherwise.
  std::string migrate_reason;
};

// Plan-wide metadata copied into the Plan.
struct PlanHeader {
  std::string created_at;
  std::string created_by;
  std::string target_description;
  std::vector<ProfileToCreate> create_profiles;
  std::vector<RoleToCreate> create_roles;  // key migration without a target (plan_user_roles.h)
};

// Decides one instance's action (see docs/plan-json.md for the order of the rules).
PlannedAction plan_instance(const InstanceFacts& facts);

// Plans every instance; actions come out sorted by account, region, instance id.
Plan make_plan(const PlanHeader& header, const std::vector<InstanceFacts>& instances);

}  // namespace rolecall::remediate
