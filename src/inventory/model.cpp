#include "rolecall/inventory.h"

namespace rolecall {
namespace {

template <typename T>
const T* lookup(const std::map<std::string, std::size_t>& index, const std::vector<T>& items,
                const std::string& key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

std::string Instance::tag(const std::string& key) const {
  for (const auto& t : tags) {
    if (t.key == key) return t.value;
  }
  return {};
}

const Role* AccountInventory::role(const std::string& arn) const { return lookup(role_index_, roles, arn); }
const InstanceProfile* AccountInventory::profile(const std::string& arn) const {
  return lookup(profile_index_, profiles, arn);
}
const ManagedPolicy* AccountInventory::policy(const std::string& arn) const {
  return lookup(policy_index_, policies, arn);
}

void AccountInventory::build_index() {
  role_index_.clear();
  profile_index_.clear();
  policy_index_.clear();
  for (std::size_t i = 0; i < roles.size(); ++i) role_index_[roles[i].arn] = i;
  for (std::size_t i = 0; i < profiles.size(); ++i) profile_index_[profiles[i].arn] = i;
  for (std::size_t i = 0; i < policies.size(); ++i) policy_index_[policies[i].arn] = i;
}

const AccountInventory* Inventory::account(const std::string& account_id) const {
  auto it = accounts.find(account_id);
  return it == accounts.end() ? nullptr : &it->second;
}

}  // namespace rolecall
