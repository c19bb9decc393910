#include "checks/policy_containment.h"

#include <array>
#include <optional>

#include "base/ascii.h"
#include "base/json_text.h"
#include "checks/policy_analysis.h"
#include "checks/policy_document.h"

namespace rolecall::checks {
namespace {

using nlohmann::json;

// Condition keys (lower case prefixes) whose value describes the caller rather than the request.
constexpr std::array<std::string_view, 12> kPrincipalKeyPrefixes = {
    "aws:principal",         "aws:userid",         "aws:username",          "aws:multifactorauth",
    "aws:tokenissuetime",    "aws:sourceidentity", "aws:federatedprovider", "aws:assumedroot",
    "aws:ec2instancesource", "ec2:sourceinstance", "ec2:roledelivery",      "aws:rolesessionname",
};

bool principal_key(std::string_view key) {
  for (auto prefix : kPrincipalKeyPrefixes) {
    if (base::istarts_with(key, prefix)) return true;
  }
  return false;
}

// The first principal variable ("${aws:username}") in `text`, or "" (with `versioned` false, any "${").
std::string principal_variable(std::string_view text, bool versioned) {
  for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
    const std::size_t end = text.find('}', at);
    std::string_view name = text.substr(at + 2, end == std::string_view::npos ? std::string_view::npos : end - at - 2);
    if (name == "*" || name == "?" || name == "$") continue;  // escapes of literal characters
    if (!versioned) return "${" + std::string(name) + "} in a policy without \"Version\": \"2012-10-17\"";
    if (auto comma = name.find(','); comma != std::string_view::npos) name = name.substr(0, comma);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (principal_key(name)) return "${" + std::string(name) + "}";
  }
  return {};
}

// The first principal variable in any string of `value`.
std::string principal_variable_in(const json& value, bool versioned) {
  if (value.is_string()) return principal_variable(value.get_ref<const std::string&>(), versioned);
  if (value.is_array() || value.is_object()) {
    for (const auto& v : value) {
      if (auto found = principal_variable_in(v, versioned); !found.empty()) return found;
    }
  }
  return {};
}

bool statement_versioned(const json& doc) {
  auto v = doc.find("Version");
  return v != doc.end() && v->is_string() && v->get<std::string>() == "2012-10-17";
}

// One statement of the originals, with what the proof needs of it.
struct OriginalStatement {
  json statement;
  bool dependent = false;
};

const json* member(const json& s, const char* name) {
  auto it = s.find(name);
  return it == s.end() ? nullptr : &*it;
}

// Whether `a` and `b` have the same `name` element (both absent counts as the same).
bool same_element(const json& a, const json& b, const char* name) {
  const json* x = member(a, name);
  const json* y = member(b, name);
  if (x == nullptr || y == nullptr) return x == y;
  return *x == *y;
}

bool same_scope(const json& a, const json& b) {
  return same_element(a, b, "Resource") && same_element(a, b, "NotResource") && same_element(a, b, "Condition");
}

bool has_wildcard(std::string_view action) { return action.find_first_of("*?") != std::string_view::npos; }

// Why Allow statement `s` of the narrowed policy is not within `originals` ("" when it is).
std::string allow_not_within(const json& s, const std::vector<OriginalStatement>& originals) {
  const json* action = member(s, "Action");
  if (action == nullptr) return "it has no Action (NotAction is not narrowed)";
  const auto actions = policy_strings(*action);
  if (actions.empty()) return "its Action lists no action";
  for (const auto& a : actions) {
    if (has_wildcard(a)) return "its action " + a + " has a wildcard";
  }
  if (auto why = principal_dependence(s, true); !why.empty()) return "it depends on the caller (" + why + ")";
  for (const auto& o : originals) {
    if (o.dependent || !policy_effect_is(o.statement, "Allow") || !same_scope(o.statement, s)) continue;
    bool covers = true;
    for (const auto& a : actions) covers = covers && statement_covers_action(o.statement, a);
    if (covers) return {};
  }
  return "no Allow statement of the user's covers all its actions with the same Resource, NotResource and Condition";
}

// Whether Deny `d` of the originals is kept by a Deny of the narrowed policy.
bool deny_kept(const OriginalStatement& d, const std::vector<json>& narrowed) {
  for (const auto& n : narrowed) {
    if (!policy_effect_is(n, "Deny") || !same_element(n, d.statement, "Action") ||
        !same_element(n, d.statement, "NotAction"))
      continue;
    if (denies_everywhere(n)) return true;
    if (!d.dependent && same_scope(n, d.statement)) return true;
  }
  return false;
}

}  // namespace

bool denies_everywhere(const json& s) {
  if (!s.is_object() || s.contains("Condition") || s.contains("NotResource")) return false;
  const json* r = member(s, "Resource");
  if (r == nullptr) return false;
  const auto resources = policy_strings(*r);
  return resources.size() == 1 && resources[0] == "*";
}

std::string principal_dependence(const json& s, bool versioned) {
  if (!s.is_object()) return "a statement that is not an object";
  if (const json* condition = member(s, "Condition")) {
    if (!condition->is_object()) return "a Condition that is not an object";
    for (const auto& [op, keys] : condition->items()) {
      if (!keys.is_object()) return "condition " + op + " is not an object";
      for (const auto& [key, values] : keys.items()) {
        if (principal_key(key)) return key;
      }
    }
  }
  for (const char* element : {"Resource", "NotResource", "Condition"}) {
    if (const json* v = member(s, element)) {
      if (auto found = principal_variable_in(*v, versioned); !found.empty()) return found;
    }
  }
  return {};
}

Result<std::string> prove_policy_within(const std::vector<std::string>& originals, std::string_view narrowed) {
  std::vector<OriginalStatement> statements;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    auto doc = parse_policy_document("of the user (" + std::to_string(i + 1) + ")", originals[i]);
    if (!doc) return fail(doc.error());
    const bool versioned = statement_versioned(*doc);
    for (auto& s : policy_statements(*doc)) {
      const bool dependent = !principal_dependence(s, versioned).empty();
      statements.push_back({std::move(s), dependent});
    }
  }
  auto doc = parse_policy_document("narrowed", narrowed);
  if (!doc) return fail(doc.error());
  if (!statement_versioned(*doc)) return std::string("the policy does not say \"Version\": \"2012-10-17\"");
  const std::vector<json> mine = policy_statements(*doc);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const json& s = mine[i];
    const std::string where = "statement " + std::to_string(i + 1) + " (" + base::json_text(s) + ")";
    if (!s.is_object()) return where + " is not an object";
    for (const auto& [key, value] : s.items()) {
      if (key != "Effect" && key != "Action" && key != "NotAction" && key != "Resource" && key != "NotResource" &&
          key != "Condition" && key != "Sid")
        return where + " has the element " + key;
    }
    if (policy_effect_is(s, "Deny")) continue;  // a Deny only takes away
    if (!policy_effect_is(s, "Allow")) return where + " is neither Allow nor Deny";
    if (auto why = allow_not_within(s, statements); !why.empty()) return where + ": " + why;
  }
  for (const auto& o : statements) {
    if (policy_effect_is(o.statement, "Deny") && !deny_kept(o, mine))
      return "the user's Deny statement " + base::json_text(o.statement) + " is not kept";
  }
  auto grants = dangerous_grants("narrowed", narrowed);
  if (!grants) return fail(grants.error());
  if (!grants->empty()) return "it is admin-level: " + grants->front().reason;
  return std::string();
}

}  // namespace rolecall::checks
