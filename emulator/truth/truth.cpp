#include "emulator/truth/truth.h"

#include <array>
#include <string_view>

#include "emulator/truth/key_intel.h"
#include "emulator/truth/key_use.h"
#include "emulator/truth/keys.h"
#include "emulator/truth/user_data.h"

namespace rolecall::emulator::truth {
namespace {

using nlohmann::json;

// Actions that make a role admin-level when granted on resource "*" (docs/checks/role-not-admin.md).
constexpr std::array<std::string_view, 17> kEscalations = {
    "*:*",
    "iam:PassRole",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:CreateAccessKey",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "*",
    "iam:*",
};

class Rows {
 public:
  Rows(const std::string& account, const std::string& region) : account_(account), region_(region) {}
  void add(const std::string& resource, const char* check, const char* status) {
    rows.push_back({{"account_id", account_},
                    {"region", region_},
                    {"resource_id", resource},
                    {"check_id", check},
                    {"status", status}});
  }
  void add(const std::string& resource, const char* check, bool pass) { add(resource, check, pass ? "PASS" : "FAIL"); }
  json rows = json::array();

 private:
  const std::string& account_;
  const std::string& region_;
};

json statements_of(const json& document) {
  auto it = document.find("Statement");
  if (it == document.end()) return json::array();
  return it->is_array() ? *it : json::array({*it});
}

// Any single Allow statement (a Deny elsewhere does not matter: the check judges what is granted)
// granting an escalation action on "*".
bool admin_level(const Account& account, const RoleDef& role) {
  for (const auto& arn : role.attached_policy_arns) {
    if (arn.ends_with(":policy/AdministratorAccess") && arn.find(":iam::aws:") != std::string::npos) return true;
  }
  for (const auto& named : identity_policies(account, role.attached_policy_arns, role.inline_policies)) {
    for (const auto& statement : statements_of(*named.document)) {
      if (!statement.is_object() || statement.value("Effect", "") != "Allow") continue;
      const json alone{{"Version", "2012-10-17"}, {"Statement", json::array({statement})}};
      std::vector<policy::NamedPolicy> one = {{named.source, &alone}};
      for (auto action : kEscalations) {
        if (policy::evaluate(one, action, "*").decision == policy::Decision::kAllowed) return true;
      }
    }
  }
  return false;
}

bool principal_is_everyone(const json& principal) {
  if (principal.is_string()) return principal == "*";
  if (!principal.is_object()) return false;
  auto aws = principal.find("AWS");
  if (aws == principal.end()) return false;
  if (aws->is_string()) return *aws == "*";
  if (aws->is_array()) {
    for (const auto& v : *aws) {
      if (v == "*") return true;
    }
  }
  return false;
}

bool trusts_ec2(const std::string& partition, const RoleDef& role) {
  for (const auto& statement : statements_of(role.trust_policy)) {
    if (statement.is_object() && statement.value("Effect", "") == "Allow" && statement.contains("Principal") &&
        principal_is_everyone(statement["Principal"])) {
      return false;  // too broad
    }
  }
  policy::Principal ec2;
  ec2.service = partition == "aws-cn" ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";
  return policy::trust_allows(role.trust_policy, ec2, "sts:AssumeRole");
}

// "PASS", "FAIL", or "ERROR" when the user data cannot be decoded.
const char* keys_status(const std::string& user_data) {
  auto layers = decode_user_data(user_data);
  if (!layers) return "ERROR";
  for (const auto& text : *layers) {
    if (holds_credential(text)) return "FAIL";
  }
  return "PASS";
}

void judge_instance(const Estate& estate, const Account& account, const Instance& in, std::uint64_t seq, Rows& rows) {
  std::string state = effective_state(in, seq);
  if (state == "terminated" || state == "shutting-down") return;
  const Association* a = effective_association(in, seq);
  if (a && a->disassociated_seq != 0) a = nullptr;
  rows.add(in.id, "instance-has-role", a != nullptr);
  if (a) {
    const ProfileDef* profile = nullptr;
    for (const auto& p : account.profiles) {
      if (p.arn == a->profile_arn && p.id == a->profile_id) profile = &p;
    }
    const RoleDef* role = nullptr;
    if (profile) {
      for (const auto& name : profile->roles) {
        if (!role) role = account.find_role(name);
      }
    }
    rows.add(in.id, "profile-has-role", role != nullptr);
    if (role) {
      rows.add(in.id, "role-trusts-ec2", trusts_ec2(estate.partition, *role));
      rows.add(in.id, "role-not-admin", !admin_level(account, *role));
    }
  }
  rows.add(in.id, "user-data-no-keys", keys_status(in.user_data));
  rows.add(in.id, "imdsv2-required", in.http_tokens == "required");
}

void judge_template(const LaunchTemplate& t, Rows& rows) {
  const char* status = "PASS";
  for (const auto& v : t.versions) {
    const char* s = keys_status(v.user_data);
    if (std::string_view(s) == "FAIL") status = "FAIL";
    if (std::string_view(s) == "ERROR" && std::string_view(status) == "PASS") status = "ERROR";
  }
  rows.add(t.id, "launch-template-no-keys", status);
}

}  // namespace

json compute_truth(const Estate& estate, std::uint64_t seq, TimePoint now) {
  json findings = json::array();
  for (const auto& account : estate.accounts) {
    for (const auto& region : estate.regions) {
      auto it = account.regions.find(region);
      if (it == account.regions.end()) continue;
      Rows rows(account.id, region);
      for (const auto& in : it->second.instances) judge_instance(estate, account, in, seq, rows);
      for (const auto& t : it->second.templates) judge_template(t, rows);
      for (auto& row : rows.rows) findings.push_back(std::move(row));
    }
  }
  KeyUse use = key_use(estate, seq, now);
  json keys = key_verdicts(estate, seq, now);
  for (auto& k : keys) {
    auto it = use.used_from_outside.find(k.at("key_id").get<std::string>());
    k["used_from_outside"] = it == use.used_from_outside.end() ? 0 : it->second;
  }
  return {{"schema_version", 1},
          {"findings", std::move(findings)},
          {"keys", std::move(keys)},
          {"key_use", std::move(use.entries)}};
}

}  // namespace rolecall::emulator::truth
