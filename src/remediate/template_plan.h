#pragma once
// Planning fixes at the source (issue 13 §3): which launch templates the plan's Auto Scaling
// instances are replaced from, and what to do to each so a scale-in does not undo the instance fix.
// Pure: the groups and templates come in as read (template_live.h).

#include <map>
#include <optional>
#include <vector>

#include "aws/ops/autoscaling_groups.h"
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

// Whether `carried` (a template version's profile: an ARN, or a name) is `target`.
bool carries_profile(const std::string& carried, const TargetProfile& target);

}  // namespace rolecall::remediate
