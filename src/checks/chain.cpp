#include "checks/chain.h"

#include <string_view>

namespace rolecall::checks {

namespace {

// An IAM instance-profile unique id ("AIPA" + base32). Only two of these that differ prove that the
// profile was deleted and recreated; anything else in the field (moto puts the association id
// "iip-assoc-..." in Instance.IamInstanceProfile.Id) says nothing about the profile's identity.
bool is_instance_profile_id(std::string_view id) { return id.size() > 4 && id.starts_with("AIPA"); }

}  // namespace

bool in_scope(const Instance& instance) { return instance.state != "terminated" && instance.state != "shutting-down"; }

InstanceView resolve_chain(const Inventory& inventory, const Instance& instance) {
  InstanceView view;
  view.instance = &instance;
  if (instance.profile_arn.empty()) {
    view.state = ChainState::kNoProfile;
    return view;
  }
  const AccountInventory* account = inventory.account(instance.account_id);
  view.account = account;
  if (account == nullptr || !account->iam_collected) {
    view.state = ChainState::kIamUnavailable;
    return view;
  }
  const InstanceProfile* profile = account->profile(instance.profile_arn);
  if (profile == nullptr) {
    view.state = ChainState::kProfileMissing;
    return view;
  }
  view.profile = profile;
  // The association holds the profile id: a same-named profile created later does not serve it.
  // Otherwise the ARN, which resolved above, decides.
  if (is_instance_profile_id(instance.profile_id) && is_instance_profile_id(profile->id) &&
      instance.profile_id != profile->id) {
    view.state = ChainState::kProfileReplaced;
    return view;
  }
  if (profile->role_arns.empty()) {
    view.state = ChainState::kProfileEmpty;
    return view;
  }
  view.role_arn = profile->role_arns.front();
  view.role = account->role(view.role_arn);
  view.state = view.role == nullptr ? ChainState::kRoleMissing : ChainState::kResolved;
  return view;
}

void for_each_instance(const Slice& slice, const std::function<void(const InstanceView&)>& fn) {
  for (const RegionInventory* region : slice.regions) {
    if (region->instances_error) continue;  // reported once as a scope error
    for (const auto& instance : region->instances) {
      if (!in_scope(instance)) continue;
      fn(resolve_chain(slice.inventory, instance));
    }
  }
}

Finding instance_finding(const CheckInfo& check, const InstanceView& view, Status status, std::string message) {
  Finding f;
  f.check_id = std::string(check.id);
  f.status = status;
  f.severity = check.severity;
  f.account_id = view.instance->account_id;
  f.region = view.instance->region;
  f.resource_type = "instance";
  f.resource_id = view.instance->id;
  f.message = std::move(message);
  f.evidence.profile_arn = view.instance->profile_arn;
  f.evidence.role_arn = view.role != nullptr ? view.role->arn : view.role_arn;
  return f;
}

Finding iam_unavailable_finding(const CheckInfo& check, const InstanceView& view) {
  std::string why = "not collected";
  if (view.account != nullptr && view.account->iam_error) why = view.account->iam_error->describe();
  return instance_finding(check, view, Status::kError,
                          "IAM of account " + view.instance->account_id + " could not be read: " + why);
}

}  // namespace rolecall::checks
