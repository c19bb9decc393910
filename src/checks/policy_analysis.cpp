#include "checks/policy_analysis.h"

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "checks/policy_document.h"

namespace rolecall::checks {
namespace {

using nlohmann::json;

// Does statement `s` apply to every resource ("*")?
bool on_all_resources(const json& s) {
  if (auto r = s.find("Resource"); r != s.end()) {
    for (const auto& res : policy_strings(*r)) {
      if (res == "*") return true;
    }
    return false;
  }
  // NotResource excludes some resources: the grant still reaches almost everything.
  return s.contains("NotResource");
}

// Does statement `s` cover `action` on every resource ("*")?
bool covers_on_all_resources(const json& s, std::string_view action) {
  return on_all_resources(s) && statement_covers_action(s, action);
}

// How statement `s`'s Condition (operator -> key -> value or values) names `arn`.
enum class ConditionNaming { kUnnamed, kNames, kExcepts };
ConditionNaming condition_naming(const json& s, std::string_view arn) {
  auto condition = s.find("Condition");
  if (condition == s.end() || !condition->is_object()) return ConditionNaming::kUnnamed;
  ConditionNaming out = ConditionNaming::kUnnamed;
  for (const auto& [op, keys] : condition->items()) {
    if (!keys.is_object()) continue;
    for (const auto& [key, values] : keys.items()) {
      for (const auto& v : policy_strings(values)) {
        if (v != arn) continue;
        // StringNotEquals, ArnNotLike, ...: the statement applies to every principal but that one.
        if (op.find("Not") != std::string::npos) return ConditionNaming::kExcepts;
        out = ConditionNaming::kNames;
      }
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& escalation_actions() {
  static const std::vector<std::string_view> kActions = {
      "iam:PassRole",           "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachRolePolicy",
      "iam:AttachUserPolicy",   "iam:AttachGroupPolicy",   "iam:PutRolePolicy",           "iam:PutUserPolicy",
      "iam:PutGroupPolicy",     "iam:CreateAccessKey",     "iam:UpdateAssumeRolePolicy",  "iam:CreateLoginProfile",
      "iam:UpdateLoginProfile", "iam:AddUserToGroup",
  };
  return kActions;
}

Result<std::vector<DangerousGrant>> dangerous_grants(std::string_view policy_name, std::string_view document) {
  auto doc = parse_policy_document(policy_name, document);
  if (!doc) return fail(doc.error());
  const auto statements = policy_statements(*doc);

  auto denied = [&](std::string_view action) {
    for (const auto& s : statements) {
      if (policy_effect_is(s, "Deny") && !s.contains("Condition") && covers_on_all_resources(s, action)) return true;
    }
    return false;
  };

  std::vector<DangerousGrant> out;
  for (const auto& s : statements) {
    if (!policy_effect_is(s, "Allow")) continue;
    // "*" stands for every action: a statement covering it is full administrator access.
    bool all_actions = false;
    if (auto a = s.find("Action"); a != s.end()) {
      for (const auto& p : policy_strings(*a)) all_actions = all_actions || p == "*" || p == "*:*";
    }
    if (all_actions && on_all_resources(s) && !denied("*")) {
      out.push_back(
          {std::string(policy_name), "*", base::json_text(s), "allows every action (*) on every resource (*)"});
      continue;
    }
    for (auto action : escalation_actions()) {
      if (covers_on_all_resources(s, action) && !denied(action)) {
        out.push_back({std::string(policy_name), std::string(action), base::json_text(s),
                       "allows privilege escalation: " + std::string(action) + " on every resource (*)"});
        break;  // one grant per statement is enough evidence
      }
    }
  }
  return out;
}

Result<std::vector<DangerousGrant>> role_dangerous_grants(const AccountInventory& account, const Role& role) {
  std::vector<DangerousGrant> out;
  for (const auto& arn : role.attached_policy_arns) {
    if (arn.size() >= 28 && arn.ends_with(":policy/AdministratorAccess") &&
        arn.find(":iam::aws:") != std::string::npos) {
      out.push_back({arn, "*", "", "AdministratorAccess is attached"});
      continue;
    }
    const ManagedPolicy* policy = account.policy(arn);
    if (policy == nullptr || policy->document.empty()) {
      return fail(ErrorKind::kNotFound, "the document of attached policy " + arn + " was not collected");
    }
    auto grants = dangerous_grants(arn, policy->document);
    if (!grants) return fail(grants.error());
    out.insert(out.end(), grants->begin(), grants->end());
  }
  for (const auto& inline_policy : role.inline_policies) {
    auto grants = dangerous_grants("inline:" + inline_policy.name, inline_policy.document);
    if (!grants) return fail(grants.error());
    out.insert(out.end(), grants->begin(), grants->end());
  }
  return out;
}

Result<TrustVerdict> analyse_trust(std::string_view document) {
  auto doc = parse_policy_document("trust policy", document);
  if (!doc) return fail(doc.error());
  TrustVerdict verdict;
  bool denied = false;
  std::string allow_statement;
  for (const auto& s : policy_statements(*doc)) {
    auto action = s.find("Action");
    if (action == s.end() || !policy_pattern_matches(policy_strings(*action), "sts:AssumeRole", true)) continue;
    auto principal = s.find("Principal");
    if (principal == s.end()) continue;
    bool everyone = principal->is_string() && principal->get<std::string>() == "*";
    bool ec2 = everyone;
    if (principal->is_object()) {
      if (auto aws = principal->find("AWS"); aws != principal->end()) {
        for (const auto& p : policy_strings(*aws)) everyone = everyone || p == "*";
      }
      if (auto svc = principal->find("Service"); svc != principal->end()) {
        for (const auto& p : policy_strings(*svc)) ec2 = ec2 || p == "ec2.amazonaws.com" || p == "ec2.amazonaws.com.cn";
      }
    }
    if (policy_effect_is(s, "Deny") && ec2 && !s.contains("Condition")) {
      denied = true;
      verdict.statement = base::json_text(s);
    } else if (policy_effect_is(s, "Allow")) {
      if (everyone) {
        verdict.too_broad = true;
        verdict.statement = base::json_text(s);
      }
      if (ec2 && allow_statement.empty()) allow_statement = base::json_text(s);
    }
  }
  if (verdict.too_broad) {
    verdict.reason = "the trust policy lets any principal (*) assume the role";
  } else if (denied) {
    verdict.reason = "the trust policy denies ec2.amazonaws.com";
  } else if (allow_statement.empty()) {
    verdict.reason = "the trust policy does not allow ec2.amazonaws.com to assume the role";
  } else {
    verdict.ec2_can_assume = true;
    verdict.statement = allow_statement;
    verdict.reason = "ec2.amazonaws.com may assume the role";
  }
  return verdict;
}

Result<PolicyNaming> policy_naming(std::string_view name, std::string_view document, std::string_view principal_arn,
                                   std::string_view action) {
  auto doc = parse_policy_document(name, document);
  if (!doc) return fail(doc.error());
  PolicyNaming out;
  for (const auto& s : policy_statements(*doc)) {
    if (!action.empty() && !statement_covers_action(s, action)) continue;
    const ConditionNaming by_condition = condition_naming(s, principal_arn);
    bool named = by_condition == ConditionNaming::kNames;
    if (auto principal = s.find("Principal"); principal != s.end() && principal->is_object()) {
      if (auto aws = principal->find("AWS"); aws != principal->end()) {
        for (const auto& p : policy_strings(*aws)) named = named || p == principal_arn;
      }
    }
    const bool allow = policy_effect_is(s, "Allow"), deny = policy_effect_is(s, "Deny");
    if (by_condition == ConditionNaming::kExcepts) {
      // A Deny sparing only the principal is a grant another principal lacks; an Allow sparing
      // only it, a grant another principal gains.
      out.allows = out.allows || deny;
      out.denies = out.denies || allow;
    } else if (named) {
      out.allows = out.allows || allow;
      out.denies = out.denies || deny;
    }
  }
  return out;
}

}  // namespace rolecall::checks
