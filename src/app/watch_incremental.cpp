// rolecall watch's incremental re-audit: collect the named resources, patch the kept inventory,
// judge again only what depends on them.
#include "app/watch_incremental.h"

#include <algorithm>
#include <optional>

#include "checks/key_intel.h"
#include "checks/key_use_match.h"
#include "checks/registry.h"
#include "inventory/iam_reads.h"
#include "inventory/key_intel.h"

namespace rolecall::app {
namespace {

const inventory::AccountTarget* incremental_target(const std::vector<inventory::AccountTarget>& targets,
                                                   const std::string& account) {
  for (const auto& t : targets) {
    if (t.account_id == account && t.caller != nullptr && !t.error) return &t;
  }
  return nullptr;
}

Error incremental_unreachable(const std::string& account) {
  return Error::internal("account " + account + " has no client");
}

// The ARNs of `account`'s instance profiles whose verdicts `change` can turn: the profiles named,
// and those holding a role named or attaching a policy named.
void incremental_profiles(const AccountInventory& account, const IamChange& change, std::set<std::string>& out) {
  std::set<std::string> roles;
  for (const auto& role : account.roles) {
    const bool attached = std::any_of(role.attached_policy_arns.begin(), role.attached_policy_arns.end(),
                                      [&](const std::string& arn) { return change.policies.contains(arn); });
    if (attached || change.roles.contains(role.name)) roles.insert(role.arn);
  }
  for (const auto& profile : account.profiles) {
    const bool holds = std::any_of(profile.role_arns.begin(), profile.role_arns.end(),
                                   [&](const std::string& arn) { return roles.contains(arn); });
    if (holds || change.profiles.contains(profile.name)) out.insert(profile.arn);
  }
}

// Collects the instances and templates of `plan` (only what they name, every region side by side),
// with their user data and versions as `needs` asks; fails on the first region that could not be read.
Result<Inventory> incremental_collect_named(aws::Session& session, const std::vector<inventory::AccountTarget>& targets,
                                            const ReauditPlan& plan, const DataNeeds& needs) {
  inventory::CollectOptions options;
  options.needs = needs;
  options.needs.iam = false;
  options.named_only = true;
  for (const auto& [key, ids] : plan.instances) options.named[key].instance_ids.assign(ids.begin(), ids.end());
  for (const auto& [key, ids] : plan.templates) options.named[key].launch_template_ids.assign(ids.begin(), ids.end());
  std::vector<inventory::AccountTarget> accounts;
  for (const auto& [key, named] : options.named) {
    if (!accounts.empty() && accounts.back().account_id == key.first) continue;  // the map is by account first
    const inventory::AccountTarget* target = incremental_target(targets, key.first);
    if (target == nullptr) return fail(incremental_unreachable(key.first));
    accounts.push_back(*target);
  }
  Inventory out;
  if (accounts.empty()) return out;
  Inventory got = inventory::collect(session.loop(), accounts, options);
  if (!got.scope_errors.empty()) return fail(got.scope_errors.front().error);
  for (auto& r : got.regions) {
    if (r.instances_error) return fail(r.instances_error->with_context(r.account_id + " " + r.region));
    if (r.launch_templates_error) return fail(r.launch_templates_error->with_context(r.account_id + " " + r.region));
    out.regions.push_back(std::move(r));
  }
  return out;
}

// Replaces in `region` the instances and templates whose ids `instance_ids` and `template_ids` name
// by those of `fresh` (a name not in fresh is gone: terminated, deleted).
void incremental_patch_region(RegionInventory& region, const std::set<std::string>& instance_ids,
                              const std::set<std::string>& template_ids, RegionInventory&& fresh) {
  std::erase_if(region.instances, [&](const Instance& i) { return instance_ids.contains(i.id); });
  for (auto& i : fresh.instances) region.instances.push_back(std::move(i));
  if (template_ids.empty() || !fresh.launch_templates_collected) return;
  std::erase_if(region.launch_templates, [&](const LaunchTemplate& t) { return template_ids.contains(t.id); });
  for (auto& t : fresh.launch_templates) region.launch_templates.push_back(std::move(t));
}

// `region` with only the instances and templates named: what the checks judge again.
RegionInventory incremental_part(const RegionInventory& region, const std::set<std::string>& instance_ids,
                                 const std::set<std::string>& template_ids) {
  RegionInventory part;
  part.account_id = region.account_id;
  part.region = region.region;
  part.launch_templates_error = region.launch_templates_error;
  part.launch_templates_collected = region.launch_templates_collected;
  part.user_data_collected = region.user_data_collected;
  part.egress = region.egress;
  part.egress_error = region.egress_error;
  part.egress_collected = region.egress_collected;
  for (const auto& i : region.instances) {
    if (instance_ids.contains(i.id)) part.instances.push_back(i);
  }
  for (const auto& t : region.launch_templates) {
    if (template_ids.contains(t.id)) part.launch_templates.push_back(t);
  }
  return part;
}

}  // namespace

Result<IncrementalAudit> reaudit_incrementally(aws::Session& session,
                                               const std::vector<inventory::AccountTarget>& targets,
                                               const ReauditPlan& plan, const std::vector<const checks::Check*>& checks,
                                               const checks::CheckContext& context, bool key_intel, Inventory& kept) {
  const DataNeeds needs = checks::needs_of(checks);
  // 1. Read everything first: a failure leaves `kept` as it was.
  Inventory iam;
  std::vector<inventory::AccountTarget> whole_iam;  // accounts whose IAM is read whole
  for (const auto& [account, change] : plan.iam) {
    const inventory::AccountTarget* target = incremental_target(targets, account);
    if (target == nullptr) return fail(incremental_unreachable(account));
    // What the change names is read alone (a few calls each) and patched into the kept account.
    const AccountInventory* before = kept.account(account);
    if (before != nullptr && before->iam_collected && !before->iam_error) {
      auto named = inventory::read_named_iam(session.loop(), *target->caller, *before,
                                             {change.roles, change.policies, change.profiles});
      if (named) {
        iam.accounts.insert_or_assign(account, std::move(*named));
        continue;
      }
      // Denied (a policy granting scan.json alone): the whole read needs nothing more.
      if (named.error().kind != ErrorKind::kAccessDenied) return fail(named.error().with_context("account " + account));
    }
    whole_iam.push_back(*target);
  }
  if (!whole_iam.empty()) {
    inventory::CollectOptions options;
    options.needs.iam = true;
    options.iam_only = true;
    Inventory whole = inventory::collect(session.loop(), whole_iam, options);
    if (!whole.scope_errors.empty()) return fail(whole.scope_errors.front().error);
    for (auto& [id, account] : whole.accounts) {
      if (account.iam_error) return fail(account.iam_error->with_context("account " + id));
      iam.accounts.insert_or_assign(id, std::move(account));
    }
  }
  auto named = incremental_collect_named(session, targets, plan, needs);
  if (!named) return fail(named.error());
  IncrementalAudit out;
  for (const auto& r : named->regions) out.collected_instances += r.instances.size();
  // Keys found at rest for the first time are looked up as a scan would.
  if (key_intel && (needs.user_data || needs.launch_templates)) {
    std::set<std::string> ids = checks::key_ids_at_rest(*named);
    std::erase_if(ids, [&](const std::string& id) { return kept.key_intel.contains(id); });
    // And the keys whose status changed, again.
    for (const auto& [account, keys] : plan.keys) ids.insert(keys.begin(), keys.end());
    if (!ids.empty()) {
      inventory::look_up_keys(session.loop(), targets, ids, session.region().region, *named);
      if (!named->scope_errors.empty()) return fail(named->scope_errors.front().error);
    }
  }

  // 2. Which instance profiles the IAM changes concern, before and after.
  std::map<std::string, std::set<std::string>> profiles;  // by account
  for (const auto& [account, change] : plan.iam) {
    if (const AccountInventory* before = kept.account(account))
      incremental_profiles(*before, change, profiles[account]);
    if (const AccountInventory* after = iam.account(account)) incremental_profiles(*after, change, profiles[account]);
  }

  // 3. Patch the kept inventory.
  for (auto& [id, account] : iam.accounts) {
    std::string name = kept.accounts[id].account_name;
    kept.accounts.insert_or_assign(id, std::move(account));
    AccountInventory& now = kept.accounts[id];
    if (now.account_name.empty()) now.account_name = std::move(name);
    now.build_index();
  }
  for (auto& [id, intel] : named->key_intel) kept.key_intel.insert_or_assign(id, std::move(intel));
  const std::set<std::string> none;
  auto ids_of = [&](const std::map<RegionKey, std::set<std::string>>& by_region, const RegionKey& key) -> const auto& {
    auto it = by_region.find(key);
    return it == by_region.end() ? none : it->second;
  };
  for (auto& fresh : named->regions) {
    const RegionKey key{fresh.account_id, fresh.region};
    for (auto& region : kept.regions) {
      if (region.account_id != key.first || region.region != key.second) continue;
      incremental_patch_region(region, ids_of(plan.instances, key), ids_of(plan.templates, key), std::move(fresh));
      break;
    }
  }

  // 4. Judge again the named resources and the instances whose profile the IAM changes concern.
  std::vector<RegionInventory> parts;
  for (const auto& region : kept.regions) {
    if (region.instances_error) continue;
    const RegionKey key{region.account_id, region.region};
    std::set<std::string> instances = ids_of(plan.instances, key);
    const std::set<std::string>& templates = ids_of(plan.templates, key);
    for (const auto& id : instances) out.resources.insert({key.first, key.second, id});
    for (const auto& id : templates) out.resources.insert({key.first, key.second, id});
    if (auto p = profiles.find(region.account_id); p != profiles.end()) {
      for (const auto& i : region.instances) {
        if (!i.profile_arn.empty() && p->second.contains(i.profile_arn)) {
          instances.insert(i.id);
          out.resources.insert({key.first, key.second, i.id});
        }
      }
    }
    if (instances.empty() && templates.empty()) continue;
    parts.push_back(incremental_part(region, instances, templates));
  }
  checks::CheckContext with_uses = context;
  std::optional<checks::KeyUseIndex> key_uses;
  if (kept.key_evidence.collected && with_uses.key_uses == nullptr) with_uses.key_uses = &key_uses.emplace(kept);
  // The checks resolve chains against the whole kept inventory's IAM; one slice per account.
  std::map<std::string, checks::Slice> slices;
  for (const auto& part : parts)
    slices.try_emplace(part.account_id, checks::Slice{kept, {}}).first->second.regions.push_back(&part);
  for (const auto& [account, slice] : slices) {
    for (const checks::Check* check : checks) check->run(slice, with_uses, out.findings);
  }
  // Region-wide verdicts (a scope the check could not judge) stay with the region's whole audits.
  std::erase_if(out.findings, [&](const Finding& f) {
    return !out.resources.contains(ResourceKey{f.account_id, f.region, f.resource_id});
  });
  checks::sort_findings(out.findings);
  return out;
}

}  // namespace rolecall::app
