// rolecall watch: sorting a poll's events into what is collected again by name and what is audited
// by account and region (plan_reaudit), and patching the kept inventory with a re-audit's scan
// (patch_whole).
#include <algorithm>

#include "app/watch_incremental.h"
#include "base/redact.h"

namespace rolecall::app {
namespace {

// Whether `kept` read the instances of `account` in `region`.
bool watch_plan_region_read(const Inventory& kept, const std::string& account, const std::string& region) {
  return std::any_of(kept.regions.begin(), kept.regions.end(), [&](const RegionInventory& r) {
    return r.account_id == account && r.region == region && !r.instances_error;
  });
}

// Whether `kept` holds `account`'s IAM, as read completely.
bool watch_plan_iam_read(const Inventory& kept, const std::string& account) {
  const AccountInventory* a = kept.account(account);
  return a != nullptr && a->iam_collected && !a->iam_error;
}

}  // namespace

ReauditPlan plan_reaudit(const std::vector<const inventory::ChangeEvent*>& events, const Inventory& kept,
                         const AccountRegions& watched, bool incremental) {
  ReauditPlan plan;
  auto all_regions_of = [&](const std::string& account) {
    auto it = watched.find(account);
    return it == watched.end() ? std::set<std::string>() : it->second;
  };
  auto audit_whole = [&](const inventory::ChangeEvent& e) {
    auto& regions = plan.whole[e.account_id];
    if (inventory::global_event_source(e.event_source)) {
      auto all = all_regions_of(e.account_id);
      regions.insert(all.begin(), all.end());
    } else {
      regions.insert(e.region);
    }
  };
  for (const inventory::ChangeEvent* e : events) {
    const inventory::ChangeResources& r = e->resources;
    const RegionKey key{e->account_id, e->region};
    if (!r.known || !incremental) {
      audit_whole(*e);
    } else if (!r.instance_ids.empty() || !r.launch_template_id.empty()) {
      if (!watch_plan_region_read(kept, e->account_id, e->region)) {
        audit_whole(*e);
      } else if (!r.instance_ids.empty()) {
        plan.instances[key].insert(r.instance_ids.begin(), r.instance_ids.end());
      } else {
        plan.templates[key].insert(r.launch_template_id);
      }
    } else if (!r.user_name.empty()) {
      // An access key's change turns the verdicts of wherever the key was found at rest (its intel:
      // status, last use); CloudTrail key evidence (which keys are used, by whom) is judged per account.
      if (kept.key_evidence.collected || r.access_key_id.empty()) {
        audit_whole(*e);
      } else if (kept.key_intel.contains(r.access_key_id)) {
        plan.keys[e->account_id].insert(r.access_key_id);
      }
      // Else: a new key, or one held nowhere at rest (never looked up): no verdict turns.
    } else if (!watch_plan_iam_read(kept, e->account_id)) {
      audit_whole(*e);
    } else {
      IamChange& change = plan.iam[e->account_id];
      if (!r.role_name.empty()) change.roles.insert(r.role_name);
      if (!r.policy_arn.empty()) change.policies.insert(r.policy_arn);
      if (!r.profile_name.empty()) change.profiles.insert(r.profile_name);
    }
  }
  // An account audited whole takes its other changes along: one audit judges them all.
  for (auto& [account, regions] : plan.whole) {
    auto fold = [&](std::map<RegionKey, std::set<std::string>>& named) {
      for (auto it = named.begin(); it != named.end();) {
        if (it->first.first != account) {
          ++it;
          continue;
        }
        regions.insert(it->first.second);
        it = named.erase(it);
      }
    };
    fold(plan.instances);
    fold(plan.templates);
    plan.keys.erase(account);
    if (plan.iam.erase(account) > 0) {
      auto all = all_regions_of(account);
      regions.insert(all.begin(), all.end());
    }
  }
  return plan;
}

void add_key_holders(ReauditPlan& plan, const std::vector<const Finding*>& verdicts) {
  std::map<std::string, std::vector<std::string>> redacted;  // by account
  for (const auto& [account, ids] : plan.keys) {
    for (const auto& id : ids) redacted[account].push_back(base::redact_key_id(id));
  }
  for (const Finding* f : verdicts) {
    auto it = redacted.find(f->account_id);
    if (it == redacted.end() || (f->resource_type != "instance" && f->resource_type != "launch-template")) continue;
    const bool holds = std::any_of(it->second.begin(), it->second.end(), [&](const std::string& r) {
      return f->evidence.key_id_redacted == r || f->evidence.key_intel.find(r) != std::string::npos;
    });
    if (!holds) continue;
    const RegionKey key{f->account_id, f->region};
    if (f->resource_type == "instance") {
      plan.instances[key].insert(f->resource_id);
    } else {
      plan.templates[key].insert(f->resource_id.substr(0, f->resource_id.find(':')));
    }
  }
}

void patch_whole(Inventory& kept, Inventory&& fresh) {
  std::set<RegionKey> covered;
  std::set<std::string> accounts;
  for (const auto& r : fresh.regions) {
    covered.insert({r.account_id, r.region});
    accounts.insert(r.account_id);
  }
  for (const auto& [id, account] : fresh.accounts) accounts.insert(id);
  for (const auto& e : fresh.scope_errors) accounts.insert(e.account_id);
  std::erase_if(kept.regions, [&](const RegionInventory& r) {
    return covered.contains(RegionKey{r.account_id, r.region});
  });
  std::erase_if(kept.scope_errors, [&](const ScopeError& e) {
    return accounts.contains(e.account_id) && (e.region.empty() || covered.contains(RegionKey{e.account_id, e.region}));
  });
  for (auto& r : fresh.regions) kept.regions.push_back(std::move(r));
  for (auto& e : fresh.scope_errors) kept.scope_errors.push_back(std::move(e));
  for (auto& [id, account] : fresh.accounts) {
    kept.accounts.insert_or_assign(id, std::move(account));
    kept.accounts[id].build_index();
  }
  for (auto& [id, intel] : fresh.key_intel) kept.key_intel.insert_or_assign(id, std::move(intel));
}

}  // namespace rolecall::app
