#pragma once
// `rolecall plan` end to end: resolve the scope, collect the live estate (instances + IAM), take
// the verdicts from a fresh judgement or a --from-scan report, read live associations, resolve the
// target per account, check iam:PassRole, and run the planner.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/session.h"
#include "inventory/collector.h"
#include "inventory/scope.h"
#include "remediate/associations.h"
#include "remediate/managed_source.h"
#include "remediate/plan_target.h"
#include "remediate/planner.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"

namespace rolecall::remediate {

// What `rolecall plan` was asked.
struct PlanBuildOptions {
  inventory::ScopeOptions scope;
  std::vector<std::string> regions;  // --regions; empty: every enabled region (or the report's)
  TargetSpec target;
  std::vector<std::string> approved;  // approved profile/role ARNs (role-is-approved)
  std::string from_scan_file;         // --from-scan FILE; empty: judge the collected estate
  bool check_pass_role = true;        // simulate iam:PassRole on each target role
  std::string ticket;                 // --ticket, recorded in the plan
  std::string approved_by;            // --approved-by, recorded in the plan
  ManagedRules managed;               // --terraform-tag, --allow-managed
  bool fix_templates = true;          // plan launch-template actions for Auto Scaling instances (--no-launch-templates)
  std::vector<std::string> launch_templates;  // --launch-template: template ids to fix whether or not a group uses them
  // --migrate-keys: plan only the instances holding (user data) or using (CloudTrail, with
  // key_evidence) a long-term key of an in-scope IAM user, moving each onto the target even from a
  // passing profile, and record the keys `apply --phase deactivate` retires (key_migration.h).
  bool migrate_keys = false;
  bool key_evidence = false;  // --key-evidence: read CloudTrail for which instances use the keys
  // --least-privilege: a role created for a key owner grants only the actions its keys were seen
  // calling (least_privilege.h); reads CloudTrail (LookupEvents unless trail_logs) as key_evidence.
  bool least_privilege = false;
  TrailLogsOptions trail_logs;  // --trail-logs DIR|s3://: ... from a trail's log files instead of LookupEvents
  std::function<void(const inventory::CollectProgress&)> on_progress;
};

// The plan and what the user should know about how it was made.
struct PlanBuildResult {
  Plan plan;
  std::vector<std::string> warnings;  // one line each: unreadable scopes, instances not in the report, ...
  bool partial = false;               // some account/region could not be read: the plan does not cover it
};

// Builds the plan. Fails for bad input (kInvalidArgument/kParse/kIo naming the file) and when no
// credentials work (kCredentials); everything else becomes blocked actions or warnings.
Result<PlanBuildResult> build_plan(aws::Session& session, const PlanBuildOptions& options);

// A scan report (docs/report-json.md, schema rolecall.scan/v1) read back as findings.
Result<std::vector<Finding>> read_scan_report(const std::string& text, const std::string& source);

// Joins the inventory, the verdicts and the live associations into one InstanceFacts per instance
// to plan. `from_report`: only instances the findings judged are planned (plus live instances of
// scopes the report could not scan); otherwise every in-scope collected instance. `managed` marks
// instances managed by CloudFormation or Terraform (from their tags). Pure.
std::vector<InstanceFacts> gather_facts(const Inventory& inventory, const std::vector<Finding>& findings,
                                        const std::vector<RegionAssociations>& associations, TargetResolver& resolver,
                                        bool from_report, const ManagedRules& managed,
                                        std::vector<std::string>& warnings);

}  // namespace rolecall::remediate
