#include "emulator/policy/policy_eval.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <span>

#include "base/ascii.h"
#include "base/glob.h"

namespace rolecall::emulator::policy {
namespace {

// Calls `fn` for each string in a JSON string-or-list; non-strings are skipped (malformed input
// never matches rather than throwing).
template <typename Fn>
bool any_string(const nlohmann::json& value, Fn&& fn) {
  if (value.is_string()) return fn(value.get_ref<const std::string&>());
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string() && fn(item.get_ref<const std::string&>())) return true;
    }
  }
  return false;
}

// Matches an Action/NotAction (or Resource/NotResource) pair of a statement against `value`.
// A statement naming neither element matches nothing: IAM would reject such a policy.
bool element_matches(const nlohmann::json& statement, const char* positive, const char* negative,
                     std::string_view value, bool case_insensitive) {
  auto matches_any = [&](const nlohmann::json& patterns) {
    return any_string(patterns, [&](const std::string& p) { return base::glob_match(p, value, case_insensitive); });
  };
  if (auto it = statement.find(positive); it != statement.end()) return matches_any(*it);
  if (auto it = statement.find(negative); it != statement.end()) {
    if (!it->is_string() && !it->is_array()) return false;
    return !matches_any(*it);
  }
  return false;
}

// A policy's Statement as a list (a single object is a one-element list).
std::vector<const nlohmann::json*> statements_of(const nlohmann::json& document) {
  std::vector<const nlohmann::json*> out;
  if (!document.is_object()) return out;
  auto it = document.find("Statement");
  if (it == document.end()) return out;
  if (it->is_object()) {
    out.push_back(&*it);
  } else if (it->is_array()) {
    for (const auto& s : *it) out.push_back(&s);
  }
  return out;
}

enum class Effect { kNone, kAllow, kDeny };

Effect effect_of(const nlohmann::json& statement) {
  auto it = statement.find("Effect");
  if (it == statement.end() || !it->is_string()) return Effect::kNone;
  const auto& e = it->get_ref<const std::string&>();
  if (e == "Allow") return Effect::kAllow;
  if (e == "Deny") return Effect::kDeny;
  return Effect::kNone;
}

// Account id of an ARN ("arn:partition:service:region:account:resource"), or empty.
std::string_view arn_account(std::string_view arn) {
  std::size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  auto end = arn.find(':', pos);
  if (end == std::string_view::npos) return {};
  return arn.substr(pos, end - pos);
}

std::string_view arn_resource(std::string_view arn) {
  std::size_t pos = 0;
  for (int field = 0; field < 5; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  return arn.substr(pos);
}

bool is_account_id(std::string_view text) {
  if (text.size() != 12) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// An assumed-role session ARN (arn:aws:sts::A:assumed-role/ROLE/SESSION) stands for its role
// (arn:aws:iam::A:role[/path]/ROLE): same account and same role name, the path is not in the session ARN.
bool session_matches_role(std::string_view session_arn, std::string_view role_arn) {
  if (session_arn.find(":sts:") == std::string_view::npos) return false;
  if (role_arn.find(":iam:") == std::string_view::npos) return false;
  auto account = arn_account(session_arn);
  if (account.empty() || account != arn_account(role_arn)) return false;
  auto session_res = arn_resource(session_arn);
  constexpr std::string_view kAssumed = "assumed-role/";
  if (!session_res.starts_with(kAssumed)) return false;
  session_res.remove_prefix(kAssumed.size());
  auto slash = session_res.find('/');
  auto role_name = session_res.substr(0, slash);
  auto role_res = arn_resource(role_arn);
  if (!role_res.starts_with("role/")) return false;
  auto last = role_res.rfind('/');
  return role_res.substr(last + 1) == role_name && !role_name.empty();
}

bool aws_principal_matches(std::string_view entry, const Principal& who) {
  if (!who.service.empty()) return false;  // a service is never an AWS principal
  if (entry == "*") return true;
  std::string_view account = who.account_id;
  if (account.empty()) account = arn_account(who.arn);
  if (is_account_id(entry)) return entry == account;
  if (entry.ends_with(":root") && entry.find(":iam::") != std::string_view::npos) {
    return !account.empty() && arn_account(entry) == account;
  }
  if (!who.arn.empty() && entry == who.arn) return true;
  return session_matches_role(who.arn, entry);
}

bool principal_matches(const nlohmann::json& principal, const Principal& who) {
  if (principal.is_string()) return principal.get_ref<const std::string&>() == "*";
  if (!principal.is_object()) return false;
  for (const auto& [kind, value] : principal.items()) {
    if (kind == "AWS") {
      if (any_string(value, [&](const std::string& e) { return aws_principal_matches(e, who); })) return true;
    } else if (kind == "Service") {
      if (who.service.empty()) continue;
      if (any_string(value, [&](const std::string& e) { return base::iequals(e, who.service); })) return true;
    }
    // Federated and CanonicalUser principals never match an AWS or service caller here.
  }
  return false;
}

// A Bool aws:MultiFactorAuthPresent clause: holds when the value it expects ("true"/true or
// "false"/false) is whether the request carried a valid MFA code.
bool mfa_clause_holds(const nlohmann::json& clauses, bool mfa_present) {
  if (!clauses.is_object() || clauses.empty()) return false;
  for (const auto& [key, expected] : clauses.items()) {
    if (!base::iequals(key, "aws:MultiFactorAuthPresent")) return false;
    bool want = expected.is_boolean()
                    ? expected.get<bool>()
                    : any_string(expected, [](const std::string& v) { return base::iequals(v, "true"); });
    if (want != mfa_present) return false;
  }
  return true;
}

// The conditions a trust statement may carry and still match: StringEquals on sts:ExternalId,
// Bool on aws:MultiFactorAuthPresent.
bool trust_condition_holds(const nlohmann::json& condition, std::string_view external_id, bool mfa_present) {
  if (!condition.is_object() || condition.empty()) return false;
  for (const auto& [op, clauses] : condition.items()) {
    if (op == "Bool") {
      if (!mfa_clause_holds(clauses, mfa_present)) return false;
      continue;
    }
    if (op != "StringEquals" || !clauses.is_object() || clauses.empty()) return false;
    for (const auto& [key, expected] : clauses.items()) {
      if (!base::iequals(key, "sts:ExternalId")) return false;
      if (external_id.empty()) return false;
      if (!any_string(expected, [&](const std::string& v) { return v == external_id; })) return false;
    }
  }
  return true;
}

// An identity statement's Condition block against the request's keys (see evaluate()).
bool identity_condition_holds(const nlohmann::json& condition, const ConditionContext& context) {
  if (!condition.is_object()) return false;
  for (const auto& [op, keys] : condition.items()) {
    const bool like = base::iequals(op, "StringLike");
    if (!like && !base::iequals(op, "StringEquals")) return false;
    if (!keys.is_object()) return false;
    for (const auto& [key, expected] : keys.items()) {
      auto found = std::find_if(context.begin(), context.end(),
                                [&key](const auto& entry) { return base::iequals(entry.first, key); });
      if (found == context.end()) return false;
      const std::string& actual = found->second;
      if (!any_string(expected,
                      [&](const std::string& v) { return like ? base::glob_match(v, actual, false) : v == actual; })) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

const char* to_string(Decision decision) {
  switch (decision) {
    case Decision::kAllowed: return "allowed";
    case Decision::kExplicitDeny: return "explicitDeny";
    case Decision::kImplicitDeny: return "implicitDeny";
  }
  return "implicitDeny";
}

namespace {

// evaluate() over any run of policies (a boundary is a run of one, evaluated without a vector).
Evaluation evaluate_policies(std::span<const NamedPolicy> policies, std::string_view action, std::string_view resource,
                             const ConditionContext& context) {
  Evaluation allow;
  for (const auto& policy : policies) {
    auto statements = statements_of(*policy.document);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const auto& s = *statements[i];
      if (!s.is_object()) continue;
      Effect effect = effect_of(s);
      if (effect == Effect::kNone) continue;
      if (auto c = s.find("Condition"); c != s.end() && !identity_condition_holds(*c, context)) continue;
      if (!element_matches(s, "Action", "NotAction", action, true)) continue;
      if (!element_matches(s, "Resource", "NotResource", resource, false)) continue;
      if (effect == Effect::kDeny) {
        return Evaluation{Decision::kExplicitDeny, std::string(policy.source), static_cast<int>(i)};
      }
      if (allow.decision != Decision::kAllowed) {
        allow = Evaluation{Decision::kAllowed, std::string(policy.source), static_cast<int>(i)};
      }
    }
  }
  return allow;
}

}  // namespace

Evaluation evaluate(const std::vector<NamedPolicy>& policies, std::string_view action, std::string_view resource,
                    const ConditionContext& context) {
  return evaluate_policies(policies, action, resource, context);
}

BoundedEvaluation evaluate_bounded(const std::vector<NamedPolicy>& policies, const NamedPolicy* boundary,
                                   std::string_view action, std::string_view resource,
                                   const ConditionContext& context) {
  BoundedEvaluation out;
  out.evaluation = evaluate(policies, action, resource, context);
  if (boundary == nullptr) return out;
  out.has_boundary = true;
  Evaluation bound = evaluate_policies(std::span(boundary, 1), action, resource, context);
  out.boundary_allows = bound.decision == Decision::kAllowed;
  if (out.evaluation.decision == Decision::kExplicitDeny) return out;
  if (bound.decision == Decision::kExplicitDeny) {
    out.evaluation = std::move(bound);
    out.denied_by_boundary = true;
  } else if (out.evaluation.decision == Decision::kAllowed && !out.boundary_allows) {
    out.evaluation = Evaluation{};
    out.denied_by_boundary = true;
  }
  return out;
}

bool trust_allows(const nlohmann::json& trust_policy, const Principal& principal, std::string_view action,
                  std::string_view external_id, bool mfa_present) {
  bool allowed = false;
  for (const auto* statement : statements_of(trust_policy)) {
    const auto& s = *statement;
    if (!s.is_object()) continue;
    Effect effect = effect_of(s);
    if (effect == Effect::kNone) continue;
    if (s.contains("NotPrincipal")) continue;  // not modelled: never matches
    auto p = s.find("Principal");
    if (p == s.end() || !principal_matches(*p, principal)) continue;
    if (!element_matches(s, "Action", "NotAction", action, true)) continue;
    if (auto c = s.find("Condition"); c != s.end() && !trust_condition_holds(*c, external_id, mfa_present)) continue;
    if (effect == Effect::kDeny) return false;
    allowed = true;
  }
  return allowed;
}

}  // namespace rolecall::emulator::policy
