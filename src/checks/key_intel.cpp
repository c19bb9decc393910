#include "checks/key_intel.h"

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/redact.h"
#include "checks/chain.h"
#include "checks/key_evidence.h"

namespace rolecall {

const char* to_string(KeyState state) {
  switch (state) {
    case KeyState::kUnknown: return "unknown";
    case KeyState::kActive: return "Active";
    case KeyState::kInactive: return "Inactive";
    case KeyState::kDeleted: return "deleted";
    case KeyState::kForeign: return "another account, not in scope";
  }
  return "unknown";
}

namespace checks {
namespace {

void collect_ids(const std::string& user_data, KeyScanCache& cache, std::set<std::string>& out) {
  if (user_data.empty()) return;
  const auto& scanned = cache.scan(user_data);
  if (!scanned) return;
  for (const auto* leak : leaked(*scanned)) {
    if (is_long_term_key_id(leak->key_id)) out.insert(leak->key_id);
  }
}

}  // namespace

Severity key_severity(const KeyIntel& intel, Severity fallback, std::chrono::system_clock::time_point now) {
  switch (intel.state) {
    case KeyState::kActive: {
      auto used = base::parse_iso8601(intel.last_used);
      return used && now - *used <= kRecentKeyUse ? Severity::kCritical : Severity::kHigh;
    }
    case KeyState::kInactive: return Severity::kMedium;
    case KeyState::kDeleted: return Severity::kLow;
    case KeyState::kUnknown:
    case KeyState::kForeign: break;
  }
  return fallback;
}

std::string describe_key_intel(const KeyIntel& intel) {
  std::string owner = intel.owner_account.empty() ? std::string()
                                                  : fmt::format("account {} ({})", intel.owner_account,
                                                                intel.in_scope ? "in scope" : "not in scope");
  switch (intel.state) {
    case KeyState::kActive:
    case KeyState::kInactive: {
      std::string used = intel.last_used.empty()
                             ? std::string("never used")
                             : fmt::format("last used {} ({}, {})", intel.last_used, intel.service, intel.region);
      return fmt::format("{}, {}, user {}, created {}, {}", to_string(intel.state), owner, intel.user,
                         intel.created.empty() ? "unknown" : intel.created, used);
    }
    case KeyState::kDeleted: return fmt::format("deleted: {}, no user holds it (still scrub it)", owner);
    case KeyState::kForeign: return fmt::format("another account, not in scope: {}", intel.owner_account);
    case KeyState::kUnknown: break;
  }
  std::string why = intel.error ? intel.error->message : std::string("no answer");
  return owner.empty() ? fmt::format("lookup failed: {}", why) : fmt::format("{}, lookup failed: {}", owner, why);
}

bool is_long_term_key_id(const std::string& key_id) { return key_id.size() == 20 && key_id.starts_with("AKIA"); }

std::set<std::string> key_ids_at_rest(const Inventory& inventory, KeyScanCache* scans) {
  std::set<std::string> out;
  KeyScanCache local("user-data");
  KeyScanCache& cache = scans != nullptr ? *scans : local;
  for (const auto& region : inventory.regions) {
    for (const auto& instance : region.instances) {
      if (in_scope(instance) && instance.user_data) collect_ids(*instance.user_data, cache, out);
    }
    for (const auto& lt : region.launch_templates) {
      for (const auto& v : lt.versions) collect_ids(v.user_data, cache, out);
    }
  }
  return out;
}

void apply_key_intel(const std::vector<const secrets::SecretFinding*>& leaks, const Inventory& inventory,
                     std::chrono::system_clock::time_point now, Finding& f) {
  std::set<std::string> seen;
  std::string text;
  bool any = false;
  Severity worst = Severity::kInfo;
  for (const auto* leak : leaks) {
    if (!is_long_term_key_id(leak->key_id) || !seen.insert(leak->key_id).second) continue;
    auto it = inventory.key_intel.find(leak->key_id);
    if (it == inventory.key_intel.end()) continue;
    Severity s = key_severity(it->second, f.severity, now);
    worst = any ? std::max(worst, s) : s;
    any = true;
    text += fmt::format("{}{}: {}", text.empty() ? "" : "; ", base::redact_key_id(leak->key_id),
                        describe_key_intel(it->second));
  }
  if (!any) return;
  f.severity = worst;
  f.message += " [key: " + text + "]";  // the table and every message-only format show it too
  f.evidence.key_intel = std::move(text);
}

}  // namespace checks
}  // namespace rolecall
