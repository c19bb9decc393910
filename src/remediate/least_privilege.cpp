#include "remediate/least_privilege.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "base/redact.h"
#include "checks/policy_containment.h"
#include "checks/policy_document.h"

namespace rolecall::remediate {
namespace {

using nlohmann::json;

// `s`'s `names` elements copied into `into`, those it has.
void copy_policy_elements(const json& s, std::initializer_list<const char*> names, json& into) {
  for (const char* name : names) {
    if (auto it = s.find(name); it != s.end()) into[name] = *it;
  }
}

void push_distinct_statement(std::vector<json>& into, json s) {
  if (std::find(into.begin(), into.end(), s) == into.end()) into.push_back(std::move(s));
}

bool policy_versioned(const json& doc) {
  auto v = doc.find("Version");
  return v != doc.end() && v->is_string() && v->get<std::string>() == "2012-10-17";
}

}  // namespace

Result<NarrowedPolicy> narrow_user_policies(const std::vector<std::string>& documents,
                                            const std::set<std::string>& seen) {
  std::vector<json> allows_in;  // the user's Allow statements that do not depend on the caller
  std::vector<json> denies;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    auto doc = checks::parse_policy_document("of the user (" + std::to_string(i + 1) + ")", documents[i]);
    if (!doc) return fail(doc.error());
    const bool versioned = policy_versioned(*doc);
    for (const auto& s : checks::policy_statements(*doc)) {
      const bool dependent = !checks::principal_dependence(s, versioned).empty();
      if (checks::policy_effect_is(s, "Deny")) {
        json d = {{"Effect", "Deny"}};
        copy_policy_elements(s, {"Action", "NotAction"}, d);
        // A Deny about the caller cannot be carried as it is: denying everywhere takes away at least as much.
        if (dependent) {
          d["Resource"] = "*";
        } else {
          copy_policy_elements(s, {"Resource", "NotResource", "Condition"}, d);
        }
        push_distinct_statement(denies, std::move(d));
      } else if (checks::policy_effect_is(s, "Allow") && !dependent) {
        allows_in.push_back(s);
      }
    }
  }
  auto denied = [&](const std::string& action) {
    return std::any_of(denies.begin(), denies.end(), [&](const json& d) {
      return checks::denies_everywhere(d) && checks::statement_covers_action(d, action);
    });
  };
  std::vector<json> allows;
  std::set<std::string> granted;
  for (const auto& s : allows_in) {
    std::vector<std::string> kept;
    for (const auto& action : seen) {
      if (!denied(action) && checks::statement_covers_action(s, action)) kept.push_back(action);
    }
    if (kept.empty()) continue;
    json a = {{"Effect", "Allow"}, {"Action", kept}};
    copy_policy_elements(s, {"Resource", "NotResource", "Condition"}, a);
    push_distinct_statement(allows, std::move(a));
    granted.insert(kept.begin(), kept.end());
  }
  NarrowedPolicy out;
  json statements = json::array();
  for (auto& s : allows) statements.push_back(std::move(s));
  for (auto& s : denies) statements.push_back(std::move(s));
  out.document = base::json_text(json{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}});
  out.granted.assign(granted.begin(), granted.end());
  std::set_difference(seen.begin(), seen.end(), granted.begin(), granted.end(), std::back_inserter(out.not_granted));
  return out;
}

std::map<std::pair<std::string, std::string>, SeenActions> seen_actions_by_user(
    const KeyEvidence& evidence, const std::map<std::string, std::vector<InstanceKey>>& keys_by_instance) {
  std::map<std::pair<std::string, std::string>, SeenActions> out;
  std::map<std::string, std::pair<std::string, std::string>> owner_of;  // key id -> (account, user)
  for (const auto& [instance, keys] : keys_by_instance) {
    for (const auto& k : keys) {
      owner_of[k.key_id] = {k.owner_account, k.user};
      out[{k.owner_account, k.user}];
    }
  }
  for (auto& [owner, seen] : out) {
    if (!evidence.collected) {
      seen.incomplete = "no CloudTrail evidence of its keys was read";
    } else if (evidence.source == EvidenceSource::kTrailFiles && evidence.failed_files > 0) {
      seen.incomplete =
          fmt::format("{} trail log file(s) under {} could not be read: its keys may have called more than was seen",
                      evidence.failed_files, evidence.trail_dir);
    }
  }
  for (const auto& id : evidence.failed_keys) {
    auto owner = owner_of.find(id);
    if (owner == owner_of.end()) continue;
    SeenActions& seen = out[owner->second];
    if (seen.incomplete.empty())
      seen.incomplete = "the CloudTrail lookups of its key " + base::redact_key_id(id) +
                        " failed (the scan errors say where): its keys may have called more than was seen";
  }
  for (const auto& use : evidence.uses) {
    auto owner = owner_of.find(use.key_id);
    if (owner == owner_of.end()) continue;
    SeenActions& seen = out[owner->second];
    seen.actions.insert(use.actions.begin(), use.actions.end());
    seen.unknown.insert(use.unknown_actions.begin(), use.unknown_actions.end());
    seen.events += use.events;
  }
  return out;
}

}  // namespace rolecall::remediate
