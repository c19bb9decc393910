#include "remediate/key_migration.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "base/redact.h"
#include "base/sha256.h"
#include "checks/chain.h"
#include "checks/key_intel.h"

namespace rolecall::remediate {
namespace {

// Everything seen of one key across the estate.
struct KeySighting {
  std::string owner_account;
  std::string user;
  const KeyIntel* intel = nullptr;
  std::map<std::string, std::vector<std::string>> instances;  // instance id -> evidence lines
  std::vector<std::string> blocks;                            // why retiring it would break something unmoved
  // Uses several instances may have made (NAT gateway, shared private address): harmless only when
  // every candidate moves off the key anyway.
  struct Shared {
    std::string via;
    std::vector<std::string> candidates;
  };
  std::vector<Shared> shared;
};

std::string status_of(const KeyIntel* intel) {
  if (intel == nullptr) return {};
  if (intel->state == KeyState::kActive) return "Active";
  if (intel->state == KeyState::kInactive) return "Inactive";
  return {};
}

// Why a key cannot be part of the migration, or "" when it can.
std::string why_not_migrated(const KeySighting& k, const std::set<std::string>& scope_accounts) {
  if (k.intel != nullptr) {
    switch (k.intel->state) {
      case KeyState::kDeleted: return "no longer exists (deleted): scrub it from where it was found";
      case KeyState::kForeign:
        return "belongs to account " + k.intel->owner_account + ", not in scope: its owner must retire it";
      case KeyState::kUnknown:
        if (k.user.empty()) {
          return "its owner could not be looked up" +
                 (k.intel->error ? ": " + k.intel->error->describe() : std::string());
        }
        break;
      case KeyState::kActive:
      case KeyState::kInactive: break;
    }
  }
  if (k.owner_account.empty()) return "its owner account is not known (key intelligence was not looked up)";
  if (!scope_accounts.contains(k.owner_account)) {
    return "belongs to account " + k.owner_account + ", not in scope: its owner must retire it";
  }
  if (k.user.empty()) return "the IAM user holding it is not known";
  return {};
}

}  // namespace

KeyMigration find_key_migration(const Inventory& inventory, const checks::KeyUseIndex* uses,
                                checks::KeyScanCache& scans, const std::set<std::string>& scope_accounts) {
  std::map<std::string, KeySighting> keys;  // by full key id
  auto sighting = [&](const std::string& key_id) -> KeySighting& {
    KeySighting& k = keys[key_id];
    if (k.intel == nullptr) {
      if (auto it = inventory.key_intel.find(key_id); it != inventory.key_intel.end()) {
        k.intel = &it->second;
        if (!it->second.owner_account.empty()) k.owner_account = it->second.owner_account;
        if (!it->second.user.empty()) k.user = it->second.user;
      }
    }
    return k;
  };
  for (const auto& region : inventory.regions) {
    for (const auto& instance : region.instances) {
      if (!checks::in_scope(instance) || !instance.user_data || instance.user_data->empty()) continue;
      const auto& found = scans.scan(*instance.user_data);
      if (!found) continue;  // undecodable: user-data-no-keys reports it
      // The id and its secret are separate findings: one line per instance and key says where each sits.
      std::map<std::string, std::vector<std::string>> where;
      for (const auto* leak : checks::leaked(*found)) {
        if (!checks::is_long_term_key_id(leak->key_id)) continue;
        where[leak->key_id].push_back(leak->location);
      }
      for (const auto& [key_id, locations] : where) {
        std::string line = "user data of " + instance.id + " (" + locations.front() + ")";
        for (std::size_t i = 1; i < locations.size(); ++i) line += ", (" + locations[i] + ")";
        sighting(key_id).instances[instance.id].push_back(
            line + ": removing it from the user data needs the instance stopped (rolecall does not)");
      }
    }
  }
  if (uses != nullptr) {
    for (const auto& match : uses->matches()) {
      const KeyUse& use = *match.use;
      if (!checks::is_long_term_key_id(use.key_id)) continue;
      KeySighting& k = sighting(use.key_id);
      if (k.owner_account.empty()) k.owner_account = use.owner_account;
      if (k.user.empty()) k.user = use.user;
      const std::string via = checks::describe_via(match);
      if (match.via == checks::UseVia::kOutside) {
        k.blocks.push_back("also used from " + via);
      } else if (!match.exact()) {
        KeySighting::Shared shared{via, {}};
        for (const auto* c : match.candidates) shared.candidates.push_back(c->id);
        k.shared.push_back(std::move(shared));
      } else if (checks::in_scope(*match.candidates.front())) {
        const Instance& instance = *match.candidates.front();
        k.instances[instance.id].push_back(
            fmt::format("used from {} ({}), {} calls, last {}", instance.id, via, use.events, use.last_seen));
      }
    }
  }

  KeyMigration out;
  for (auto& [key_id, k] : keys) {
    for (const auto& shared : k.shared) {
      std::vector<std::string> unmoved;
      for (const auto& id : shared.candidates) {
        if (!k.instances.contains(id)) unmoved.push_back(id);
      }
      if (unmoved.empty()) continue;  // every instance behind that address moves off the key
      k.blocks.push_back(
          fmt::format("used through {}, shared by {} instances of which {} ({}) neither hold it nor "
                      "are seen using it from their own address: which one uses it is not known",
                      shared.via, shared.candidates.size(), unmoved.size(), fmt::join(unmoved, ", ")));
    }
    if (k.instances.empty() && k.blocks.empty()) continue;
    const std::string redacted = base::redact_key_id(key_id);
    if (auto why = why_not_migrated(k, scope_accounts); !why.empty()) {
      out.warnings.push_back(fmt::format("key {} (held or used by {} instance(s)) is not migrated: {}", redacted,
                                         k.instances.size(), why));
      continue;
    }
    if (k.instances.empty()) {
      out.warnings.push_back(
          fmt::format("key {} of user {} is used only where no instance can be named ({}): not "
                      "migrated",
                      redacted, k.user, k.blocks.front()));
      continue;
    }
    KeyToRetire retire;
    retire.account_id = k.owner_account;
    retire.user = k.user;
    retire.key_id_redacted = redacted;
    retire.key_sha256 = base::sha256_hex(key_id);
    retire.status = status_of(k.intel);
    for (auto& [instance_id, evidence] : k.instances) {
      retire.instance_ids.push_back(instance_id);
      for (auto& line : evidence) retire.evidence.push_back(line);
      out.by_instance[instance_id].push_back(
          {key_id, redacted, k.owner_account, k.user, evidence.empty() ? std::string() : evidence.front()});
    }
    std::sort(k.blocks.begin(), k.blocks.end());
    k.blocks.erase(std::unique(k.blocks.begin(), k.blocks.end()), k.blocks.end());
    for (const auto& block : k.blocks) {
      retire.blocked_reason += (retire.blocked_reason.empty() ? "" : "; ") + block;
    }
    out.retire.push_back(std::move(retire));
  }
  std::sort(out.retire.begin(), out.retire.end(), [](const KeyToRetire& a, const KeyToRetire& b) {
    return std::tie(a.account_id, a.user, a.key_id_redacted, a.key_sha256) <
           std::tie(b.account_id, b.user, b.key_id_redacted, b.key_sha256);
  });
  return out;
}

std::string migration_reason(const std::vector<InstanceKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    out += fmt::format("{}key {} of user {} (account {}): {}", out.empty() ? "" : "; ", k.key_id_redacted, k.user,
                       k.owner_account, k.evidence);
  }
  return out;
}

void settle_retirements(Plan& plan) {
  std::map<std::string, const PlannedAction*> by_instance;
  for (const auto& a : plan.actions) by_instance[a.before.instance_id] = &a;
  for (auto& key : plan.retire_keys) {
    if (!key.blocked_reason.empty()) continue;
    for (const auto& id : key.instance_ids) {
      auto it = by_instance.find(id);
      if (it == by_instance.end()) {
        key.blocked_reason = id + " is not in the plan";
      } else if (it->second->kind == ActionKind::kBlocked) {
        key.blocked_reason = id + " is not moved to a role (" + it->second->reason + ")";
      } else if (it->second->kind == ActionKind::kSkip && it->second->target.arn.empty()) {
        key.blocked_reason = id + " has no target role";
      }
      if (!key.blocked_reason.empty()) break;
    }
  }
}

}  // namespace rolecall::remediate
