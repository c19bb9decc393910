#pragma once
// Planning launch template versions without a migrated key (`plan --migrate-keys`, issue 12 §3.5):
// which version of each template is scrubbed, its masked diff, and the block when a credential
// cannot be removed safely. Pure: the templates come from the plan's collection (every version with
// its user data), the groups as read live.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aws/ops/autoscaling_groups.h"
#include "checks/key_scrub.h"
#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Adds to `templates` (the plan's launch template actions) the scrub of each collected template
// that holds one of `retire`'s keys, in the version that is the source of the new one: the version
// the template's action starts from when the plan already fixes it (one new version carries both
// changes), else its default version. Scrub-only actions list the groups of `region_groups` that
// launch that version. A credential that cannot be removed safely, or a scrubbed version that would
// give no instance profile, blocks the action with the reason. Other versions that hold a key are
// said in `warnings`. Keeps `templates` sorted by account, region, template id.
void plan_template_scrubs(const Inventory& inventory, const std::vector<KeyToRetire>& retire,
                          const std::map<std::pair<std::string, std::string>,
                                         Result<std::vector<aws::autoscaling::AutoScalingGroup>>>& region_groups,
                          std::vector<TemplateAction>& templates, std::vector<std::string>& warnings);

// The (account, region) pairs whose collected templates hold one of `retire`'s keys in the version
// plan_template_scrubs would scrub and that `templates` does not fix yet (their groups are read).
std::set<std::pair<std::string, std::string>> scrub_scopes(const Inventory& inventory,
                                                           const std::vector<KeyToRetire>& retire,
                                                           const std::vector<TemplateAction>& templates);

}  // namespace rolecall::remediate
