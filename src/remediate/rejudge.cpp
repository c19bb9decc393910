// Re-judging targets against live IAM with the planner's own rules (TargetResolver::rejudge).
#include "remediate/rejudge.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/ascii.h"
#include "inventory/collector.h"
#include "remediate/create_profiles.h"
#include "remediate/create_roles.h"
#include "remediate/plan_target.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {

void judge_targets(aws::EventLoop& loop, const Callers& callers, const std::vector<std::string>& approved,
                   std::vector<TargetJudgement>& judgements) {
  if (judgements.empty()) return;
  std::set<std::string> accounts;
  for (const auto& j : judgements) accounts.insert(j.account_id);
  std::vector<inventory::AccountTarget> targets;
  for (const auto& id : accounts) {
    auto it = callers.find(id);
    inventory::AccountTarget t;
    t.account_id = id;
    t.caller = it == callers.end() ? nullptr : it->second;
    if (t.caller == nullptr) t.error = Error::credentials("account " + id + " cannot be reached");
    targets.push_back(std::move(t));
  }
  inventory::CollectOptions options;
  options.needs.iam = true;
  options.iam_only = true;
  Inventory inventory = inventory::collect(loop, targets, options);
  // A role the plan creates is judged as it will be (the plan's documents), in place of any role of
  // that name today (which creating it would not adopt).
  for (const auto& j : judgements) {
    if (!j.creating_role) continue;
    auto found = inventory.accounts.find(j.account_id);
    if (found == inventory.accounts.end() || !found->second.iam_collected) continue;
    AccountInventory& account = found->second;
    std::erase_if(account.roles, [&](const Role& r) { return base::iequals(r.name, j.creating_role->role_name); });
    Role role;
    role.arn = role_arn_of(*j.creating_role);
    role.name = j.creating_role->role_name;
    role.path = "/";
    role.trust_policy = user_role_trust_policy();
    role.attached_policy_arns = j.creating_role->managed_policy_arns;
    for (const auto& p : j.creating_role->inline_policies) role.inline_policies.push_back({p.name, p.document});
    account.roles.push_back(std::move(role));
    account.build_index();
  }
  TargetResolver resolver(inventory, TargetSpec{}, approved);
  std::map<std::pair<std::string, std::string>, std::string> judged;  // (account, ARN): one analysis per profile
  for (auto& j : judgements) {
    auto key = std::make_pair(j.account_id, j.profile_arn + (j.creating ? " (created)" : ""));
    auto it = judged.find(key);
    if (it == judged.end()) {
      TargetProfile planned;
      planned.arn = j.profile_arn;
      it =
          judged
              .emplace(key, resolver.rejudge(j.account_id, planned, j.creating ? &*j.creating : nullptr).blocked_reason)
              .first;
    }
    j.failure = it->second;
  }
}

std::vector<TargetJudgement> plan_judgements(const Plan& plan) {
  std::vector<TargetJudgement> out;
  for (const auto& a : plan.actions) {
    if (a.kind != ActionKind::kAssociate && a.kind != ActionKind::kReplace) continue;
    TargetJudgement j;
    j.instance_id = a.before.instance_id;
    j.account_id = a.before.account_id;
    j.profile_arn = a.target.arn;
    auto created =
        std::find_if(plan.create_profiles.begin(), plan.create_profiles.end(), [&](const ProfileToCreate& p) {
          return p.account_id == a.before.account_id && profile_arn_of(p) == a.target.arn;
        });
    if (created != plan.create_profiles.end()) j.creating = *created;
    for (const auto& r : plan.create_roles) {
      if (r.account_id == a.before.account_id && profile_arn_of(profile_of(r)) == a.target.arn) {
        j.creating = profile_of(r);
        j.creating_role = r;
      }
    }
    out.push_back(std::move(j));
  }
  // A launch template fix gives every instance its groups launch the target: judged the same.
  for (const auto& t : plan.templates) {
    // A scrub alone (no target) keeps the version's profile: rolecall gives nothing to judge.
    if (t.kind != TemplateActionKind::kUpdate || t.target.arn.empty()) continue;
    TargetJudgement j;
    j.instance_id = "launch template " + t.template_id;
    j.account_id = t.account_id;
    j.profile_arn = t.target.arn;
    auto created = std::find_if(
        plan.create_profiles.begin(), plan.create_profiles.end(),
        [&](const ProfileToCreate& p) { return p.account_id == t.account_id && profile_arn_of(p) == t.target.arn; });
    if (created != plan.create_profiles.end()) j.creating = *created;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<TargetJudgement> failing(const std::vector<TargetJudgement>& judgements) {
  std::vector<TargetJudgement> out;
  std::copy_if(judgements.begin(), judgements.end(), std::back_inserter(out),
               [](const TargetJudgement& j) { return !j.failure.empty(); });
  return out;
}

Error target_refusal(const std::string& what, const std::vector<TargetJudgement>& bad) {
  std::string names;
  for (std::size_t i = 0; i < bad.size() && i < 20; ++i) {
    names += fmt::format("\n  {}: {}: {}", bad[i].instance_id, bad[i].profile_arn, bad[i].failure);
  }
  if (bad.size() > 20) names += fmt::format("\n  and {} more", bad.size() - 20);
  return Error::invalid_argument(fmt::format("{}: {} target(s) fail a rule plan enforces:{}", what, bad.size(), names))
      .with_code(kTargetRefusedCode);
}

}  // namespace rolecall::remediate
