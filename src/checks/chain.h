#pragma once
// Resolving an instance's credential chain: instance → instance profile → role, plus the helpers
// every instance check shares (scope, finding construction).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "checks/check.h"

namespace rolecall::checks {

// How far an instance's chain resolves.
enum class ChainState {
  kNoProfile,        // no instance profile associated
  kIamUnavailable,   // a profile is associated but the account's IAM could not be read
  kProfileMissing,   // the profile ARN does not exist in IAM (deleted)
  kProfileReplaced,  // a profile with that ARN exists but its id differs (deleted and recreated)
  kProfileEmpty,     // the profile holds no role
  kRoleMissing,      // the profile names a role that does not exist
  kResolved,         // profile and role both exist
};

// An instance with its chain resolved against its account's IAM inventory.
struct InstanceView {
  const Instance* instance = nullptr;
  const AccountInventory* account = nullptr;  // the instance's account; nullptr when unknown
  const InstanceProfile* profile = nullptr;   // set from kProfileEmpty on
  const Role* role = nullptr;                 // set when kResolved
  ChainState state = ChainState::kNoProfile;
  std::string role_arn;  // the profile's role ARN, also when kRoleMissing
};

// True when `state` is judged at all (not terminated or shutting-down).
bool in_scope(const Instance& instance);

// Resolves `instance` against `inventory`.
InstanceView resolve_chain(const Inventory& inventory, const Instance& instance);

// Calls `fn` for every in-scope instance of every successfully collected region of `slice`, in order.
void for_each_instance(const Slice& slice, const std::function<void(const InstanceView&)>& fn);

// A finding for `view`'s instance from `check`, with profile/role evidence filled in.
Finding instance_finding(const CheckInfo& check, const InstanceView& view, Status status, std::string message);

// The ERROR finding for an instance whose account IAM could not be read.
Finding iam_unavailable_finding(const CheckInfo& check, const InstanceView& view);

// For role checks: calls `judge(view, analysis)` for every in-scope instance whose chain resolves to
// a role, with `analyse(account, role)` computed once per role (many instances share a role);
// instances whose account IAM could not be read get `check`'s ERROR finding in `out` instead.
template <typename Analysis>
void for_each_role_instance(const Slice& slice, const CheckInfo& check, std::vector<Finding>& out,
                            const std::function<Analysis(const AccountInventory&, const Role&)>& analyse,
                            const std::function<void(const InstanceView&, const Analysis&)>& judge) {
  std::map<const Role*, Analysis> cache;
  for_each_instance(slice, [&](const InstanceView& view) {
    if (view.state == ChainState::kIamUnavailable) {
      out.push_back(iam_unavailable_finding(check, view));
      return;
    }
    if (view.state != ChainState::kResolved) return;
    auto it = cache.find(view.role);
    if (it == cache.end()) it = cache.emplace(view.role, analyse(*view.account, *view.role)).first;
    judge(view, it->second);
  });
}

}  // namespace rolecall::checks
