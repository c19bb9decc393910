#include "checks/policy_document.h"

#include "base/glob.h"
#include "base/untrusted_json.h"

namespace rolecall::checks {

std::vector<std::string> policy_strings(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& v : value) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::vector<nlohmann::json> policy_statements(const nlohmann::json& doc) {
  std::vector<nlohmann::json> out;
  if (!doc.is_object()) return out;
  auto it = doc.find("Statement");
  if (it == doc.end()) return out;
  if (it->is_array()) {
    for (const auto& s : *it) out.push_back(s);
  } else if (it->is_object()) {
    out.push_back(*it);
  }
  return out;
}

Result<nlohmann::json> parse_policy_document(std::string_view name, std::string_view text) {
  auto doc = base::parse_untrusted_json(text, "policy " + std::string(name));
  if (!doc) return fail(doc.error());
  if (!doc->is_object()) return fail(ErrorKind::kParse, "policy " + std::string(name) + " is not a JSON object");
  return doc;
}

bool policy_pattern_matches(const std::vector<std::string>& patterns, std::string_view value, bool case_insensitive) {
  for (const auto& p : patterns) {
    if (base::glob_match(p, value, case_insensitive)) return true;
  }
  return false;
}

bool policy_effect_is(const nlohmann::json& s, std::string_view effect) {
  auto e = s.find("Effect");
  return e != s.end() && e->is_string() && e->get<std::string>() == effect;
}

bool statement_covers_action(const nlohmann::json& s, std::string_view action) {
  if (!s.is_object()) return false;
  if (auto a = s.find("Action"); a != s.end()) return policy_pattern_matches(policy_strings(*a), action, true);
  if (auto na = s.find("NotAction"); na != s.end()) return !policy_pattern_matches(policy_strings(*na), action, true);
  return false;
}

}  // namespace rolecall::checks
