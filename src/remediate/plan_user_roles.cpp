#include "remediate/plan_user_roles.h"

#include <fmt/format.h>

namespace rolecall::remediate {
namespace {

// The distinct (account, user) owners of an instance's keys.
std::set<std::pair<std::string, std::string>> key_owners(const std::vector<InstanceKey>& keys) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& k : keys) out.insert({k.owner_account, k.user});
  return out;
}

}  // namespace

std::set<std::string> user_role_accounts(const std::vector<InstanceFacts>& facts,
                                         const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance) {
  std::set<std::string> out;
  for (const auto& f : facts) {
    if (f.target.named) continue;
    auto keys = keys_by_instance.find(f.live.instance_id);
    if (keys == keys_by_instance.end()) continue;
    for (const auto& [account, user] : key_owners(keys->second)) out.insert(account);
  }
  return out;
}

UserRoleCreations assign_user_roles(const Inventory& inventory, const std::map<std::string, UserDirectory>& directories,
                                    const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance,
                                    std::vector<InstanceFacts>& facts,
                                    const std::map<std::pair<std::string, std::string>, SeenActions>* seen) {
  std::map<std::pair<std::string, std::string>, UserRolePlan> plans;  // one per (account, user)
  for (auto& f : facts) {
    if (f.target.named) continue;
    auto keys = keys_by_instance.find(f.live.instance_id);
    if (keys == keys_by_instance.end()) continue;
    const auto owners = key_owners(keys->second);
    if (owners.size() != 1) {
      std::vector<std::string> names;
      for (const auto& [account, user] : owners) names.push_back(user + " (account " + account + ")");
      f.target.blocked_reason = fmt::format(
          "holds or uses the keys of {} users ({}): one role cannot stand for them, the operator must name a target",
          owners.size(), fmt::join(names, ", "));
      continue;
    }
    const auto& owner = *owners.begin();
    // The role lives in the instance's account: a key of another account's user needs a named target.
    if (owner.first != f.live.account_id) {
      f.target.blocked_reason = "its key belongs to user " + owner.second + " of account " + owner.first +
                                ", not the instance's account: the operator must name a target";
      continue;
    }
    auto it = plans.find(owner);
    if (it == plans.end()) {
      const AccountInventory* account = inventory.account(owner.first);
      static const UserDirectory kUnread{{}, {}, {}, Error::not_found("the account's users were not read"), {}, {}};
      auto directory = directories.find(owner.first);
      AccountInventory missing;
      missing.account_id = owner.first;
      // --least-privilege: a user the evidence says nothing of has seen nothing (narrow_user_role blocks it).
      static const SeenActions kNothingSeen;
      const SeenActions* user_seen = nullptr;
      if (seen != nullptr) {
        auto s = seen->find(owner);
        user_seen = s == seen->end() ? &kNothingSeen : &s->second;
      }
      it = plans
               .emplace(owner, plan_user_role(account ? *account : missing,
                                              directory == directories.end() ? kUnread : directory->second,
                                              owner.second, user_seen))
               .first;
    }
    f.target = it->second.target;
  }
  UserRoleCreations out;
  for (const auto& [owner, plan] : plans) {
    if (plan.create_role) out.roles.push_back(*plan.create_role);
    if (plan.create_profile) out.profiles.push_back(*plan.create_profile);
  }
  return out;
}

}  // namespace rolecall::remediate
