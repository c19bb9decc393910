#pragma once
// Planning fixes at the source (issue 13 §3): which launch templates the plan's Auto Scaling
// instances are replaced from, and what to do to each so a scale-in does not undo the instance fix.
// Pure: the groups and templates come in as read (template_live.h).

#include <map>
#include <optional>
#include <vector>

#include "aws/ops/autoscaling_groups.h"
#include "remediate/planner.h"
#include "remediate/template_live.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The groups named by the plan's actions (their aws:autoscaling:groupName tags).
std::set<SourceKey> groups_of(const std::vector<PlannedAction>& actions);

// The templates those groups launch from, with the version numbers they name (read_templates' input).
std::map<SourceKey, std::set<long long>> templates_of(
    const std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>>& groups);

// Decides one TemplateAction per launch template (or per group that cannot be fixed: a launch
// configuration, a group that could not be read) from the actions and what was read; sorted by
// account, region, template id, then name. Rules: docs/plan-json.md, "launch_templates".
std::vector<TemplateAction> plan_templates(
    const std::vector<PlannedAction>& actions,
    const std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>>& groups,
    const std::map<SourceKey, Result<LiveTemplate>>& templates);

// A launch template the user asked to fix (plan --launch-template), where it was found, and the
// target resolved for its account.
struct RequestedTemplate {
  SourceKey key;  // account, region, template id
  ResolvedTarget target;
};

// One action per requested template the groups did not already bring into `planned`: its default
// version plus the target, made the default; the groups of its region that launch it (read in
// `region_groups`) are listed, pinned ones moved, and it is blocked when one of them launches
// another version (fix those through their instances). Sorted like plan_templates.
std::vector<TemplateAction> plan_requested_templates(
    const std::vector<RequestedTemplate>& requested, const std::vector<TemplateAction>& planned,
    const std::map<SourceKey, Result<LiveTemplate>>& templates,
    const std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>>&
        region_groups);

// Whether `carried` (a template version's profile: an ARN, or a name) is `target`.
bool carries_profile(const std::string& carried, const TargetProfile& target);

}  // namespace rolecall::remediate
