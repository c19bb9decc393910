#pragma once
// Instances managed by infrastructure as code: CloudFormation (its aws:cloudformation:* tags) or
// Terraform (a tag the operator names, since Terraform tags nothing itself). A profile changed by
// hand on such an instance drifts from its code and is undone by the next deployment, so the plan
// blocks it by default and shows the change to make in the template instead.

#include <string>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// A tag that marks Terraform-managed resources: KEY, or KEY=VALUE (value compared case-insensitively).
struct ManagedTag {
  std::string key;
  std::string value;  // empty: any value
};

// How the plan treats managed instances: which tags mark Terraform, and whether to change them anyway.
struct ManagedRules {
  std::vector<ManagedTag> terraform_tags;  // --terraform-tag
  bool allow = false;                      // --allow-managed
};

// Parses "KEY" or "KEY=VALUE" (`--terraform-tag`); kInvalidArgument naming `text` when the key is empty.
Result<ManagedTag> parse_managed_tag(const std::string& text);

// What manages an instance with `tags`: CloudFormation when it carries aws:cloudformation:stack-name
// (or stack-id), else Terraform when a `terraform_tags` entry matches; `tool` empty otherwise.
// `allowed` copies `rules.allow`.
ManagedBy managed_by(const std::vector<Tag>& tags, const ManagedRules& rules);

// "CloudFormation stack web-prod (WebServer)" / "Terraform (ManagedBy=terraform)".
std::string describe_managed(const ManagedBy& managed);

// The reason a managed instance's associate/replace is blocked, naming the code and the target profile.
std::string managed_block_reason(const PlannedAction& action);

// The change to make in the instance's code so it carries `action.target`: a CloudFormation YAML or
// Terraform HCL fragment (the launch template's when the instance is in an Auto Scaling group).
// Empty when the action is not managed or has no target.
std::string source_change_snippet(const PlannedAction& action);

// Error::code of a plan that changes a managed instance without --allow-managed (only an edited,
// unsigned plan can: the planner blocks such actions).
inline constexpr const char* kManagedRefusedCode = "ManagedRefused";

// Refuses (kInvalidArgument, kManagedRefusedCode, naming the instances) a plan with an associate or
// replace of a managed instance that was not allowed when planning.
Result<void> check_managed_allowed(const Plan& plan);

// One line per allowed change of a managed instance: the drift apply causes and the code to update.
std::vector<std::string> managed_drift_notes(const Plan& plan);

}  // namespace rolecall::remediate
