// Planning `rolecall-<user>` roles for key migrations without a target.
#include "remediate/user_roles.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/sha256.h"
#include "checks/policy_analysis.h"
#include "checks/policy_containment.h"

namespace rolecall::remediate {
namespace {

constexpr std::size_t kUserRoleNameMax = 64;     // IAM RoleName / InstanceProfileName
constexpr std::size_t kRolePolicyNameMax = 128;  // IAM PolicyName
constexpr const char* kUserRolePrefix = "rolecall-";
constexpr std::size_t kRoleManagedPoliciesMax = 10;      // IAM quota: managed policies attached to a role
constexpr std::size_t kRoleInlineCharactersMax = 10240;  // IAM quota: a role's inline policies, whitespace excluded

bool iam_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_+=,.@-").find(c) != std::string_view::npos;
}

// `name` when it fits IAM's name rules in `max` characters, else its valid part cut to fit
// "-" + 8 hex digits of the SHA-256 of `name`.
std::string fit_iam_name(const std::string& name, std::size_t max) {
  std::string clean;
  for (char c : name) clean += iam_name_char(c) ? c : '-';
  if (clean == name && !name.empty() && name.size() <= max) return name;
  const std::string suffix = "-" + base::sha256_hex(name).substr(0, 8);
  return clean.substr(0, max - suffix.size()) + suffix;
}

// Why the existing `role` differs from `planned`, or "" when its permissions and trust equal it.
std::string user_role_difference(const Role& role, const RoleToCreate& planned) {
  auto trust = checks::analyse_trust(role.trust_policy);
  if (!trust || !trust->ec2_can_assume || trust->too_broad) return "its trust policy is not EC2 only";
  if (role.permissions_boundary_arn != planned.permissions_boundary_arn) {
    return planned.permissions_boundary_arn.empty()
               ? "it has a permissions boundary the user does not have"
               : "its permissions boundary is not the user's (" + planned.permissions_boundary_arn + ")";
  }
  std::set<std::string> attached(role.attached_policy_arns.begin(), role.attached_policy_arns.end());
  if (attached != std::set<std::string>(planned.managed_policy_arns.begin(), planned.managed_policy_arns.end())) {
    return "its attached policies differ";
  }
  if (role.inline_policies.size() != planned.inline_policies.size()) return "its inline policies differ";
  for (const auto& p : planned.inline_policies) {
    auto it = std::find_if(role.inline_policies.begin(), role.inline_policies.end(),
                           [&](const InlinePolicy& have) { return have.name == p.name; });
    if (it == role.inline_policies.end() || !same_policy_document(it->document, p.document)) {
      return "its inline policy " + p.name + " differs";
    }
  }
  return {};
}

// The user's policies (its own and its groups'), or why they cannot be known.
std::string collect_user_policies(const UserDirectory& directory, const IamUser& user, RoleToCreate& role) {
  std::set<std::string> managed(user.attached_policy_arns.begin(), user.attached_policy_arns.end());
  for (const auto& p : user.inline_policies) {
    role.inline_policies.push_back(
        {fit_iam_name("user." + p.name, kRolePolicyNameMax), "user " + user.name + ": " + p.name, p.document});
  }
  for (const auto& group_name : user.groups) {
    auto group = directory.groups.find(group_name);
    if (group == directory.groups.end()) return "the permissions of its group " + group_name + " were not read";
    managed.insert(group->second.attached_policy_arns.begin(), group->second.attached_policy_arns.end());
    for (const auto& p : group->second.inline_policies) {
      role.inline_policies.push_back({fit_iam_name("group." + group_name + "." + p.name, kRolePolicyNameMax),
                                      "group " + group_name + ": " + p.name, p.document});
    }
  }
  role.managed_policy_arns.assign(managed.begin(), managed.end());
  std::sort(role.inline_policies.begin(), role.inline_policies.end(),
            [](const RoleInlinePolicy& a, const RoleInlinePolicy& b) { return a.name < b.name; });
  return {};
}

// Why the planned role would exceed an IAM quota ("" when it fits).
std::string user_role_quota(const RoleToCreate& role) {
  if (role.managed_policy_arns.size() > kRoleManagedPoliciesMax) {
    return fmt::format(
        "it would need {} managed policies, over IAM's quota of {} managed policies attached to a role "
        "(the operator must name a target, or consolidate the user's policies)",
        role.managed_policy_arns.size(), kRoleManagedPoliciesMax);
  }
  if (std::size_t n = user_role_inline_characters(role); n > kRoleInlineCharactersMax) {
    return fmt::format(
        "its inline policies come to {} characters, over IAM's quota of {} characters for a role's inline "
        "policies (whitespace excluded; the operator must name a target, or turn some into managed policies)",
        n, kRoleInlineCharactersMax);
  }
  return {};
}

// Why the planned role would be admin-level ("" when it is not), judged as a role is.
Result<std::string> user_role_admin_grant(const AccountInventory& account, const UserDirectory& directory,
                                          const RoleToCreate& role) {
  AccountInventory judged;
  judged.account_id = account.account_id;
  for (const auto& arn : role.managed_policy_arns) {
    if (auto it = directory.policies.find(arn); it != directory.policies.end()) {
      judged.policies.push_back(it->second);
    } else if (const ManagedPolicy* p = account.policy(arn)) {
      judged.policies.push_back(*p);
    }
  }
  judged.build_index();
  Role synthetic;
  synthetic.name = role.role_name;
  synthetic.attached_policy_arns = role.managed_policy_arns;
  for (const auto& p : role.inline_policies) synthetic.inline_policies.push_back({p.name, p.document});
  auto grants = checks::role_dangerous_grants(judged, synthetic);
  if (!grants) return fail(grants.error());
  return grants->empty() ? std::string() : grants->front().reason;
}

// The documents of `role`'s policies (managed, then inline), or why one is unknown.
std::string user_policy_documents(const AccountInventory& account, const UserDirectory& directory,
                                  const RoleToCreate& role, std::vector<std::string>& out) {
  for (const auto& arn : role.managed_policy_arns) {
    const ManagedPolicy* p = nullptr;
    if (auto it = directory.policies.find(arn); it != directory.policies.end()) {
      p = &it->second;
    } else {
      p = account.policy(arn);
    }
    if (p == nullptr || p->document.empty()) return "the document of its policy " + arn + " was not read";
    out.push_back(p->document);
  }
  for (const auto& p : role.inline_policies) out.push_back(p.document);
  return {};
}

// Turns `role` (the user's policies) into its least-privilege form: one inline policy of the user's
// policies narrowed to `seen`, proven within them. Returns why it cannot be ("" when done).
std::string narrow_user_role(const AccountInventory& account, const UserDirectory& directory, const SeenActions& seen,
                             RoleToCreate& role) {
  if (!seen.incomplete.empty()) return "--least-privilege needs all of its keys' CloudTrail events: " + seen.incomplete;
  if (seen.actions.empty() && seen.unknown.empty()) {
    return "--least-privilege found no CloudTrail event of its keys in the window (a role of the actions seen would "
           "grant nothing): the operator must name a target, or plan without --least-privilege";
  }
  std::vector<std::string> documents;
  if (auto why = user_policy_documents(account, directory, role, documents); !why.empty()) return why;
  auto narrowed = narrow_user_policies(documents, seen.actions);
  if (!narrowed) return "its policies could not be read: " + narrowed.error().message;
  if (narrowed->granted.empty()) {
    std::vector<std::string> calls(seen.actions.begin(), seen.actions.end());
    calls.insert(calls.end(), seen.unknown.begin(), seen.unknown.end());
    return fmt::format("none of the {} actions its keys were seen calling ({}) is granted by its policies",
                       calls.size(), fmt::join(calls, ", "));
  }
  auto proof = checks::prove_policy_within(documents, narrowed->document);
  if (!proof) return "its least-privilege policy could not be judged: " + proof.error().message;
  if (!proof->empty()) return "its least-privilege policy is not proven within its permissions: " + *proof;
  role.managed_policy_arns.clear();
  role.inline_policies = {{kLeastPrivilegePolicyName,
                           fmt::format("least privilege: the {} actions its keys were seen calling ({} events), "
                                       "within user {}'s policies",
                                       narrowed->granted.size(), seen.events, role.user),
                           std::move(narrowed->document)}};
  role.least_privilege = true;
  role.actions_granted = std::move(narrowed->granted);
  role.actions_not_granted = std::move(narrowed->not_granted);
  // Calls whose action is not known cannot be granted: the reviewer sees them with the rest.
  for (const auto& call : seen.unknown) role.actions_not_granted.push_back(call + " (action not known)");
  std::sort(role.actions_not_granted.begin(), role.actions_not_granted.end());
  return {};
}

// The resources whose policy names `user_arn` (checks::policy_naming): the roles of `account` whose
// trust policy does (sts:AssumeRole) and the buckets of `directory` whose bucket policy does. Those
// that allow it go to `naming`, sorted; the reason to block when one denies it (a Deny naming the
// user does not bind the new role, which could then do what the user could not), or one cannot be read.
std::string resources_naming_user(const AccountInventory& account, const UserDirectory& directory,
                                  const std::string& user_arn, std::vector<std::string>& naming) {
  if (user_arn.empty()) return {};
  auto judge = [&](const std::string& what, const std::string& arn, const std::string& document,
                   std::string_view action) -> std::string {
    auto found = checks::policy_naming(what, document, user_arn, action);
    if (!found) return "the " + what + " could not be read: " + found.error().message;
    if (found->denies) {
      return "the " + what + " denies the user: that Deny would not bind the new role, so the operator must name a " +
             "target";
    }
    if (found->allows) naming.push_back(arn);
    return {};
  };
  for (const auto& r : account.roles) {
    if (auto why = judge("trust policy of role " + r.name, r.arn, r.trust_policy, "sts:AssumeRole"); !why.empty())
      return why;
  }
  for (const auto& [arn, document] : directory.bucket_policies) {
    const std::string bucket = arn.substr(arn.rfind(':') + 1);
    if (auto why = judge("bucket policy of " + bucket, arn, document, {}); !why.empty()) return why;
  }
  std::sort(naming.begin(), naming.end());
  return {};
}

}  // namespace

std::size_t user_role_inline_characters(const RoleToCreate& role) {
  std::size_t n = 0;
  for (const auto& p : role.inline_policies) {
    for (char c : p.document) n += (c == ' ' || c == '\t' || c == '\n' || c == '\r') ? 0 : 1;
  }
  return n;
}

bool same_policy_document(const std::string& a, const std::string& b) {
  auto ja = nlohmann::json::parse(a, nullptr, false);
  auto jb = nlohmann::json::parse(b, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return a == b;
  return ja == jb;
}

std::string user_role_name(const std::string& user) { return fit_iam_name(kUserRolePrefix + user, kUserRoleNameMax); }

const std::string& user_role_trust_policy() {
  static const std::string kTrust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},)"
      R"("Action":"sts:AssumeRole"}]})";
  return kTrust;
}

UserRolePlan plan_user_role(const AccountInventory& account, const UserDirectory& directory, const std::string& user,
                            const SeenActions* seen) {
  UserRolePlan out;
  const std::string name = user_role_name(user);
  const std::string iam = "arn:" + account.partition + ":iam::" + account.account_id + ":";
  out.target.profile.name = name;
  out.target.profile.arn = iam + "instance-profile/" + name;
  out.target.profile.role_arn = iam + "role/" + name;
  auto blocked = [&](const std::string& why) {
    out.target.blocked_reason = "no target for user " + user + "'s role " + name + ": " + why;
    return out;
  };
  if (directory.error) return blocked("its permissions could not be read: " + directory.error->describe());
  if (!account.iam_collected || account.iam_error)
    return blocked("IAM of account " + account.account_id + " could not be read");
  auto found = directory.users.find(user);
  if (found == directory.users.end()) return blocked("user " + user + " is not in account " + account.account_id);
  RoleToCreate role;
  role.account_id = account.account_id;
  role.user = user;
  role.role_name = name;
  // What U may do is its policies within its boundary: the role carries the same boundary, or its
  // policies alone would let it do more than U.
  role.permissions_boundary_arn = found->second.permissions_boundary_arn;
  if (auto why = collect_user_policies(directory, found->second, role); !why.empty()) return blocked(why);
  // Least privilege: the proof judged the narrowed policy admin-level or not; the user may be.
  if (seen != nullptr) {
    if (auto why = narrow_user_role(account, directory, *seen, role); !why.empty()) return blocked(why);
  }
  if (auto why = user_role_quota(role); !why.empty()) return blocked(why);
  auto admin = user_role_admin_grant(account, directory, role);
  if (!admin) return blocked("its permissions could not be judged: " + admin.error().message);
  if (!admin->empty()) {
    out.target.blocked_reason = "user " + user + " is admin-level (" + *admin +
                                "): the operator must name a target (--instance-profile, "
                                "--role or --mapping)";
    return out;
  }

  if (auto why = resources_naming_user(account, directory, found->second.arn, role.resources_naming_user);
      !why.empty()) {
    return blocked(why);
  }

  // IAM names are unique case-insensitively.
  auto same_name = [&](const std::string& other) {
    return std::equal(other.begin(), other.end(), name.begin(), name.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
  };
  auto existing =
      std::find_if(account.roles.begin(), account.roles.end(), [&](const Role& r) { return same_name(r.name); });
  auto profile = std::find_if(account.profiles.begin(), account.profiles.end(),
                              [&](const InstanceProfile& p) { return same_name(p.name); });
  if (existing == account.roles.end()) {
    if (profile != account.profiles.end()) return blocked("instance profile " + profile->name + " already exists");
    out.create_role = std::move(role);
    return out;
  }
  if (auto why = user_role_difference(*existing, role); !why.empty()) {
    return blocked("role " + existing->name + " already exists and " + why + " (delete it or name a target)");
  }
  out.target.profile.role_arn = existing->arn;
  if (profile == account.profiles.end()) {
    out.create_profile = ProfileToCreate{account.account_id, name, existing->name, "/"};
    return out;
  }
  if (std::find(profile->role_arns.begin(), profile->role_arns.end(), existing->arn) == profile->role_arns.end()) {
    return blocked("instance profile " + profile->name + " exists but does not hold role " + existing->name);
  }
  out.target.profile.arn = profile->arn;
  out.target.profile.name = profile->name;
  return out;
}

}  // namespace rolecall::remediate
