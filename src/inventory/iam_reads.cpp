// One role or instance profile read alone, shaped as GetAccountAuthorizationDetails shapes it, and
// an account's IAM patched with what a change named.
#include "inventory/iam_reads.h"

#include <algorithm>

#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_policies.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"

namespace rolecall::inventory {
namespace {

// Puts `item` in place of the element of `items` whose `key` member is `id` (or at the end), or
// removes that element when `item` is nullopt.
template <typename T>
void replace_by(std::vector<T>& items, std::string T::*key, const std::string& id, std::optional<T> item) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.*key == id; });
  if (!item) {
    if (it != items.end()) items.erase(it);
  } else if (it != items.end()) {
    *it = std::move(*item);
  } else {
    items.push_back(std::move(*item));
  }
}

}  // namespace

Result<std::optional<Role>> read_role(aws::EventLoop& loop, aws::AwsCaller& caller, const std::string& name) {
  auto got = base::run_sync<aws::iam::GetRoleResponse>(
      loop, [&](auto done) { aws::iam::get_role(caller, {name}, std::move(done)); });
  if (!got && got.error().kind == ErrorKind::kNotFound) return std::optional<Role>();
  if (!got) return fail(got.error().with_context("reading role " + name));
  Role role = std::move(got->role);
  auto names = base::run_sync<aws::iam::ListRolePoliciesResponse>(loop, [&](auto done) {
    aws::iam::list_role_policies_all(caller, {name, {}, {}}, std::move(done));
  });
  if (!names) return fail(names.error().with_context("listing the inline policies of role " + name));
  role.inline_policies.clear();
  for (const auto& policy : names->policy_names) {
    auto doc = base::run_sync<aws::iam::GetRolePolicyResponse>(loop, [&](auto done) {
      aws::iam::get_role_policy(caller, {name, policy}, std::move(done));
    });
    if (!doc) return fail(doc.error().with_context("reading inline policy " + policy + " of role " + name));
    role.inline_policies.push_back(std::move(doc->policy));
  }
  auto attached = base::run_sync<aws::iam::ListAttachedRolePoliciesResponse>(loop, [&](auto done) {
    aws::iam::list_attached_role_policies_all(caller, {name, {}, {}}, std::move(done));
  });
  if (!attached) return fail(attached.error().with_context("listing the managed policies of role " + name));
  role.attached_policy_arns.clear();
  for (const auto& p : attached->policies) role.attached_policy_arns.push_back(p.arn);
  return std::optional<Role>(std::move(role));
}

Result<std::optional<InstanceProfile>> read_profile(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                    const std::string& name) {
  auto got = base::run_sync<aws::iam::GetInstanceProfileResponse>(
      loop, [&](auto done) { aws::iam::get_instance_profile(caller, {name}, std::move(done)); });
  if (!got && got.error().kind == ErrorKind::kNotFound) return std::optional<InstanceProfile>();
  if (!got) return fail(got.error().with_context("reading instance profile " + name));
  return std::optional<InstanceProfile>(std::move(got->profile.profile));
}

Result<std::optional<ManagedPolicy>> read_policy(aws::EventLoop& loop, aws::AwsCaller& caller, const std::string& arn) {
  auto got = base::run_sync<aws::iam::GetPolicyResponse>(
      loop, [&](auto done) { aws::iam::get_policy(caller, {arn}, std::move(done)); });
  if (!got && got.error().kind == ErrorKind::kNotFound) return std::optional<ManagedPolicy>();
  if (!got) return fail(got.error().with_context("reading policy " + arn));
  auto version = base::run_sync<aws::iam::GetPolicyVersionResponse>(loop, [&](auto done) {
    aws::iam::get_policy_version(caller, {arn, got->default_version_id}, std::move(done));
  });
  if (!version) return fail(version.error().with_context("reading version " + got->default_version_id + " of " + arn));
  return std::optional<ManagedPolicy>(ManagedPolicy{std::move(got->arn), std::move(got->name),
                                                    std::move(got->default_version_id), std::move(version->document)});
}

Result<AccountInventory> read_named_iam(aws::EventLoop& loop, aws::AwsCaller& caller, const AccountInventory& kept,
                                        const NamedIam& named) {
  AccountInventory after = kept;
  std::set<std::string> policies = named.policies;
  for (const auto& name : named.roles) {
    auto role = read_role(loop, caller, name);
    if (!role) return fail(role.error());
    if (*role) {
      for (const auto& arn : (*role)->attached_policy_arns) {
        if (kept.policy(arn) == nullptr) policies.insert(arn);  // attached now, its document never read
      }
    }
    replace_by(after.roles, &Role::name, name, std::move(*role));
  }
  for (const auto& arn : policies) {
    auto policy = read_policy(loop, caller, arn);
    if (!policy) return fail(policy.error());
    replace_by(after.policies, &ManagedPolicy::arn, arn, std::move(*policy));
  }
  for (const auto& name : named.profiles) {
    auto profile = read_profile(loop, caller, name);
    if (!profile) return fail(profile.error());
    replace_by(after.profiles, &InstanceProfile::name, name, std::move(*profile));
  }
  after.build_index();
  return after;
}

}  // namespace rolecall::inventory
