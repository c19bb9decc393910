#include "remediate/plan_labels.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "checks/policy_analysis.h"

namespace rolecall::remediate {
namespace {

// "AdministratorAccess" for "arn:aws:iam::aws:policy/AdministratorAccess".
std::string policy_name(const std::string& arn) {
  const auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

// The role a planned target holds: by ARN, else (a profile the plan creates) by the role's name.
const Role* target_role(const AccountInventory& account, const Plan& plan, const PlannedAction& a) {
  if (!a.target.role_arn.empty()) return account.role(a.target.role_arn);
  for (const auto& p : plan.create_profiles) {
    if (p.account_id != a.before.account_id || p.profile_name != a.target.name) continue;
    auto it =
        std::find_if(account.roles.begin(), account.roles.end(), [&](const Role& r) { return r.name == p.role_name; });
    return it == account.roles.end() ? nullptr : &*it;
  }
  return nullptr;
}

// The role a key migration creates for the target (create_roles), as the role it will be.
std::optional<Role> created_target_role(const Plan& plan, const PlannedAction& a) {
  for (const auto& r : plan.create_roles) {
    if (r.account_id != a.before.account_id || r.role_name != a.target.name) continue;
    Role role;
    role.name = r.role_name;
    role.arn = a.target.role_arn;
    role.attached_policy_arns = r.managed_policy_arns;
    for (const auto& p : r.inline_policies) role.inline_policies.push_back({p.name, p.document});
    return role;
  }
  return std::nullopt;
}

}  // namespace

PermissionChange permission_change(const AccountInventory& account, const std::string& old_profile_arn,
                                   const Role* target_role) {
  PermissionChange out;
  const InstanceProfile* profile = account.profile(old_profile_arn);
  if (profile == nullptr || profile->role_arns.empty()) return out;
  const Role* old_role = account.role(profile->role_arns.front());
  if (old_role == nullptr) return out;
  auto grants = checks::role_dangerous_grants(account, *old_role);
  if (!grants) return out;  // a document is missing: no claim either way
  for (const auto& g : *grants) {
    const std::string name = policy_name(g.policy);
    const std::string text = g.reason.find(name) != std::string::npos ? g.reason : name + ": " + g.reason;
    if (std::find(out.admin_grants.begin(), out.admin_grants.end(), text) == out.admin_grants.end()) {
      out.admin_grants.push_back(text);
    }
  }
  for (const auto& arn : old_role->attached_policy_arns) {
    const bool kept = target_role != nullptr &&
                      std::find(target_role->attached_policy_arns.begin(), target_role->attached_policy_arns.end(),
                                arn) != target_role->attached_policy_arns.end();
    if (!kept) out.dropped_policies.push_back(policy_name(arn));
  }
  for (const auto& p : old_role->inline_policies) {
    const bool kept =
        target_role != nullptr && std::any_of(target_role->inline_policies.begin(), target_role->inline_policies.end(),
                                              [&](const InlinePolicy& q) { return q.document == p.document; });
    if (!kept) out.dropped_policies.push_back("inline:" + p.name);
  }
  out.old_role = old_role->name;
  return out;
}

void label_plan(Plan& plan, const Inventory& inventory) {
  std::map<std::tuple<std::string, std::string, std::string>, std::string> names;
  for (const auto& region : inventory.regions) {
    for (const auto& inst : region.instances) {
      if (auto name = inst.tag("Name"); !name.empty()) names[{inst.account_id, inst.region, inst.id}] = name;
    }
  }
  // Accounts by the name the inventory found (Organizations or the IAM alias), when it found one.
  for (const auto& [id, account] : inventory.accounts) {
    if (!account.account_name.empty()) plan.account_names[id] = account.account_name;
  }
  for (auto& a : plan.actions) {
    if (auto it = names.find({a.before.account_id, a.before.region, a.before.instance_id}); it != names.end()) {
      a.instance_name = it->second;
    }
    if (a.kind != ActionKind::kReplace) continue;
    const AccountInventory* account = inventory.account(a.before.account_id);
    if (account == nullptr || !account->iam_collected) continue;
    const std::optional<Role> created = created_target_role(plan, a);
    a.permissions =
        permission_change(*account, a.before.profile_arn, created ? &*created : target_role(*account, plan, a));
  }
}

}  // namespace rolecall::remediate
