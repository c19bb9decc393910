#include "remediate/planner.h"

#include <algorithm>
#include <tuple>

#include "checks/registry.h"
#include "remediate/managed_source.h"

namespace rolecall::remediate {
namespace {

PlannedAction blocked(const InstanceFacts& facts, std::string reason) {
  PlannedAction a;
  a.kind = ActionKind::kBlocked;
  a.before = facts.live;
  a.target = facts.target.profile;
  a.reason = std::move(reason);
  return a;
}

std::string join_planner(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// A change to an instance its code manages is blocked unless allowed (then it carries the note).
PlannedAction unless_managed(const InstanceFacts& facts, PlannedAction a) {
  if (facts.managed.tool.empty()) return a;
  a.managed = facts.managed;
  if (facts.managed.allowed) return a;
  PlannedAction b = blocked(facts, "");
  b.managed = facts.managed;
  b.reason = managed_block_reason(b);
  return b;
}

}  // namespace

const std::vector<const checks::Check*>& plan_checks() {
  static const std::vector<const checks::Check*> kChecks = [] {
    std::vector<const checks::Check*> out;
    for (const checks::Check* c : checks::all_checks()) {
      if (c->info().fixed_by_plan != checks::FixedLink::kNone) out.push_back(c);
    }
    return out;
  }();
  return kChecks;
}

const std::string& associate_check() {
  static const std::string kId = [] {
    for (const checks::Check* c : plan_checks()) {
      if (c->info().fixed_by_plan == checks::FixedLink::kAssociation) return std::string(c->info().id);
    }
    return std::string();
  }();
  return kId;
}

const std::vector<std::string>& replace_checks() {
  static const std::vector<std::string> kIds = [] {
    std::vector<const checks::Check*> replace;
    for (const checks::Check* c : plan_checks()) {
      if (c->info().fixed_by_plan > checks::FixedLink::kAssociation) replace.push_back(c);
    }
    std::stable_sort(replace.begin(), replace.end(), [](const checks::Check* a, const checks::Check* b) {
      return a->info().fixed_by_plan < b->info().fixed_by_plan;
    });
    std::vector<std::string> ids;
    for (const checks::Check* c : replace) ids.emplace_back(c->info().id);
    return ids;
  }();
  return kIds;
}

PlannedAction plan_instance(const InstanceFacts& facts) {
  const InstanceState& live = facts.live;
  if (!facts.scope_error.empty()) return blocked(facts, "account/region could not be scanned: " + facts.scope_error);
  if (!facts.found) return blocked(facts, "instance not found at planning time (terminated or deleted)");
  if (live.state == "terminated" || live.state == "shutting-down") {
    return blocked(facts, "instance is " + live.state);
  }
  // Verdicts about another association than today's would plan the wrong change.
  if (facts.scanned_profile_known && facts.scanned_profile_arn != live.profile_arn) {
    return blocked(facts,
                   "association changed since the scan (scanned " +
                       (facts.scanned_profile_arn.empty() ? std::string("no profile") : facts.scanned_profile_arn) +
                       ", now " + (live.profile_arn.empty() ? std::string("no profile") : live.profile_arn) +
                       "): scan again");
  }

  std::vector<std::string> failing;
  for (const auto& id : replace_checks()) {
    auto it = facts.verdicts.find(id);
    if (it != facts.verdicts.end() && it->second == Status::kFail) failing.push_back(id);
  }
  const bool has_profile = !live.profile_arn.empty();
  const TargetProfile& target = facts.target.profile;

  const bool migrating = !facts.migrate_reason.empty();
  ActionKind kind;
  if (!has_profile) {
    kind = ActionKind::kAssociate;
  } else if (!failing.empty()) {
    kind = ActionKind::kReplace;
  } else if (migrating && (target.arn.empty() || target.arn != live.profile_arn)) {
    // The workload calls AWS with a key: it moves to the target's role even from a passing profile.
    kind = ActionKind::kReplace;
  } else {
    // Nothing failed; an ERROR verdict means "unknown", which is never "already right".
    std::vector<std::string> errors = facts.errors;
    for (const auto& [id, status] : facts.verdicts) {
      if (status == Status::kError && errors.empty()) errors.push_back(id + " could not be evaluated");
    }
    if (!errors.empty()) return blocked(facts, "could not be evaluated: " + errors.front());
    PlannedAction a;
    a.kind = ActionKind::kSkip;
    a.before = live;
    if (!target.arn.empty() && target.arn == live.profile_arn) {
      a.target = target;
      a.reason = "already associated with the target profile";
      if (migrating) a.reason += "; " + facts.migrate_reason;
    } else {
      a.reason = "profile " + live.profile_arn + " passes every check";
    }
    return a;
  }

  if (!facts.target.blocked_reason.empty()) return blocked(facts, facts.target.blocked_reason);
  if (target.arn.empty()) return blocked(facts, "no target instance profile for this instance");
  if (!facts.target.pass_role_denied.empty()) {
    return blocked(
        facts, "iam:PassRole on " + target.role_arn + " is denied for the caller: " + facts.target.pass_role_denied);
  }
  PlannedAction a;
  a.kind = kind;
  a.before = live;
  a.target = target;
  auto with_keys = [&](std::string reason) {
    if (!migrating) return reason;
    return reason.empty() ? facts.migrate_reason : reason + "; " + facts.migrate_reason;
  };
  if (kind == ActionKind::kAssociate) {
    a.reason = with_keys(associate_check());
    a.fixes = {associate_check()};
    return unless_managed(facts, std::move(a));
  }
  if (!facts.association_error.empty()) {
    return blocked(facts, "the current association could not be read: " + facts.association_error);
  }
  if (live.association_id.empty()) return blocked(facts, "the current association's id is unknown");
  if (!facts.association_state.empty() && facts.association_state != "associated") {
    return blocked(facts, "association " + live.association_id + " is " + facts.association_state);
  }
  a.reason = with_keys(join_planner(failing, ", "));
  a.fixes = failing;
  return unless_managed(facts, std::move(a));
}

Plan make_plan(const PlanHeader& header, const std::vector<InstanceFacts>& instances) {
  Plan plan;
  plan.created_at = header.created_at;
  plan.created_by = header.created_by;
  plan.target_description = header.target_description;
  plan.create_profiles = header.create_profiles;
  plan.create_roles = header.create_roles;
  plan.actions.reserve(instances.size());
  for (const auto& facts : instances) plan.actions.push_back(plan_instance(facts));
  std::stable_sort(plan.actions.begin(), plan.actions.end(), [](const PlannedAction& x, const PlannedAction& y) {
    return std::tie(x.before.account_id, x.before.region, x.before.instance_id) <
           std::tie(y.before.account_id, y.before.region, y.before.instance_id);
  });
  // A profile the plan would create but no action uses is not created.
  std::erase_if(plan.create_profiles, [&](const ProfileToCreate& p) {
    return std::none_of(plan.actions.begin(), plan.actions.end(), [&](const PlannedAction& a) {
      return (a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace) &&
             a.before.account_id == p.account_id && a.target.name == p.profile_name;
    });
  });
  // Likewise a role no action targets (its instances are blocked) is not created.
  std::erase_if(plan.create_roles, [&](const RoleToCreate& r) {
    return std::none_of(plan.actions.begin(), plan.actions.end(), [&](const PlannedAction& a) {
      return (a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace) &&
             a.before.account_id == r.account_id && a.target.name == r.role_name;
    });
  });
  return plan;
}

}  // namespace rolecall::remediate
