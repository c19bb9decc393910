#include "remediate/plan_roles_json.h"

#include <optional>
#include <string>
#include <string_view>

#include "inventory/scope.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {
namespace {

using nlohmann::json;

// The owner of arn:PARTITION:iam::OWNER:<kind>[PATH/]NAME (`kind` "policy/", "role/"), when `arn`
// has that form with a non-empty owner and name; nullopt otherwise.
std::optional<std::string_view> iam_arn_owner(std::string_view arn, std::string_view kind) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  const auto iam = arn.find(":iam::", 4);
  if (iam == std::string_view::npos || iam == 4) return std::nullopt;
  const auto at = arn.find(":" + std::string(kind), iam + 6);
  if (at == std::string_view::npos || at == iam + 6) return std::nullopt;
  if (arn.size() <= at + 1 + kind.size() || arn.back() == '/') return std::nullopt;
  return arn.substr(iam + 6, at - iam - 6);
}

// arn:PARTITION:iam::ACCOUNT-or-aws:policy/[PATH/]NAME
bool is_policy_arn(const std::string& arn) {
  const auto owner = iam_arn_owner(arn, "policy/");
  return owner && (inventory::is_account_id(*owner) || *owner == "aws");
}

// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, or a bucket's arn:PARTITION:s3:::NAME.
bool is_role_or_bucket_arn(const std::string& arn) {
  if (!arn.starts_with("arn:")) return false;
  if (const auto s3 = arn.find(":s3:::", 4); s3 != std::string::npos && s3 > 4) {
    const std::string_view bucket = std::string_view(arn).substr(s3 + 6);
    return !bucket.empty() && bucket.find('/') == std::string_view::npos && arn.find(':', 4) == s3;
  }
  const auto owner = iam_arn_owner(arn, "role/");
  return owner && inventory::is_account_id(*owner);
}

template <typename J>
J role_to_json(const RoleToCreate& r) {
  J policies = J::array();
  for (const auto& p : r.inline_policies) {
    policies.push_back(J{{"name", p.name}, {"source", p.source}, {"document", p.document}});
  }
  J out = J{{"account_id", r.account_id},
            {"user", r.user},
            {"role_name", r.role_name},
            {"managed_policy_arns", r.managed_policy_arns},
            {"inline_policies", policies}};
  // Only when there is one, so the digests of plans without boundaries stay the same.
  if (!r.permissions_boundary_arn.empty()) out["permissions_boundary_arn"] = r.permissions_boundary_arn;
  // Likewise only when a role or bucket policy names the user, for the digests of the plans before this field.
  if (!r.resources_naming_user.empty()) out["resources_naming_user"] = r.resources_naming_user;
  // Only on least-privilege roles, so the digests of the plans before them stay the same.
  if (r.least_privilege) {
    out["least_privilege"] = true;
    out["actions_granted"] = r.actions_granted;
    out["actions_not_granted"] = r.actions_not_granted;
  }
  return out;
}

template <typename J>
J roles_array(const std::vector<RoleToCreate>& roles) {
  J out = J::array();
  for (const auto& r : roles) out.push_back(role_to_json<J>(r));
  return out;
}

void read_role_policy_json(PlanJsonReader& r, const json& obj, const std::string& path, RoleInlinePolicy& p) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  r.string(obj, path, "name", p.name, true);
  r.string(obj, path, "source", p.source, false);
  r.string(obj, path, "document", p.document, true);
  if (r.ok() && p.name.empty()) r.set_error(path + ".name", "empty");
}

void read_role_json(PlanJsonReader& r, const json& obj, const std::string& path, RoleToCreate& role) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  r.string(obj, path, "account_id", role.account_id, true);
  r.string(obj, path, "user", role.user, true);
  r.string(obj, path, "role_name", role.role_name, true);
  r.strings(obj, path, "managed_policy_arns", role.managed_policy_arns);
  r.string(obj, path, "permissions_boundary_arn", role.permissions_boundary_arn, false);
  if (r.ok() && !role.permissions_boundary_arn.empty() && !is_policy_arn(role.permissions_boundary_arn)) {
    r.set_error(path + ".permissions_boundary_arn",
                "expected a managed policy ARN (arn:PARTITION:iam::ACCOUNT:policy/NAME)");
    return;
  }
  r.strings(obj, path, "resources_naming_user", role.resources_naming_user);
  for (std::size_t i = 0; r.ok() && i < role.resources_naming_user.size(); ++i) {
    if (!is_role_or_bucket_arn(role.resources_naming_user[i])) {
      r.set_error(path + ".resources_naming_user[" + std::to_string(i) + "]",
                  "expected a role or bucket ARN (arn:PARTITION:iam::ACCOUNT:role/NAME, arn:PARTITION:s3:::NAME)");
      return;
    }
  }
  r.boolean(obj, path, "least_privilege", role.least_privilege);
  r.strings(obj, path, "actions_granted", role.actions_granted);
  r.strings(obj, path, "actions_not_granted", role.actions_not_granted);
  if (r.ok() && !role.least_privilege && (!role.actions_granted.empty() || !role.actions_not_granted.empty())) {
    r.set_error(path + ".actions_granted", "only a least-privilege role (\"least_privilege\": true) lists actions");
    return;
  }
  if (const json* policies = r.array(obj, path, "inline_policies", false)) {
    for (std::size_t i = 0; i < policies->size() && r.ok(); ++i) {
      RoleInlinePolicy p;
      read_role_policy_json(r, (*policies)[i], path + ".inline_policies[" + std::to_string(i) + "]", p);
      role.inline_policies.push_back(std::move(p));
    }
  }
  if (!r.ok()) return;
  if (role.account_id.empty()) r.set_error(path + ".account_id", "empty");
  // The name is derived from the user: an edited name would create a role the review never saw.
  if (r.ok() && role.role_name != user_role_name(role.user)) {
    r.set_error(path + ".role_name", "expected \"" + user_role_name(role.user) + "\" for user \"" + role.user + "\"");
  }
}

}  // namespace

void roles_to_file_json(const Plan& plan, nlohmann::ordered_json& doc) {
  if (plan.create_roles.empty()) return;
  doc["create_roles"] = roles_array<nlohmann::ordered_json>(plan.create_roles);
}

void roles_to_digest_json(const Plan& plan, json& doc) {
  if (plan.create_roles.empty()) return;
  doc["create_roles"] = roles_array<json>(plan.create_roles);
}

void read_roles(PlanJsonReader& r, const json& doc, Plan& plan) {
  const json* roles = r.array(doc, "$", "create_roles", false);
  if (roles == nullptr || !r.ok()) return;
  if (!plan.migrate_keys && !roles->empty()) {
    r.set_error("$.create_roles", "only a key migration plan (\"migrate_keys\": true) creates roles");
    return;
  }
  for (std::size_t i = 0; i < roles->size() && r.ok(); ++i) {
    RoleToCreate role;
    read_role_json(r, (*roles)[i], "$.create_roles[" + std::to_string(i) + "]", role);
    plan.create_roles.push_back(std::move(role));
  }
}

}  // namespace rolecall::remediate
