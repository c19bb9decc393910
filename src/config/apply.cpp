#include "config/apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "base/glob.h"
#include "base/iso8601.h"

namespace rolecall::config {
namespace {

bool any_glob(const std::vector<std::string>& patterns, const std::string& value) {
  if (patterns.empty()) return true;  // an omitted field matches everything
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return base::glob_match(p, value, false); });
}

bool tag_matches(const std::string& pattern, const std::vector<Tag>& tags) {
  std::size_t eq = pattern.find('=');
  std::string_view key(pattern.data(), eq), value(pattern.data() + eq + 1, pattern.size() - eq - 1);
  return std::any_of(tags.begin(), tags.end(), [&](const Tag& t) {
    return base::glob_match(key, t.key, false) && base::glob_match(value, t.value, false);
  });
}

using InstanceKey = std::tuple<std::string, std::string, std::string>;  // account, region, instance id

std::map<InstanceKey, const std::vector<Tag>*> tag_index(const Inventory* inventory) {
  std::map<InstanceKey, const std::vector<Tag>*> out;
  if (inventory == nullptr) return out;
  for (const auto& r : inventory->regions) {
    for (const auto& i : r.instances) out[{i.account_id, i.region, i.id}] = &i.tags;
  }
  return out;
}

}  // namespace

bool mute_matches(const MuteEntry& entry, const Finding& finding, const std::vector<Tag>* tags) {
  if (!any_glob(entry.accounts, finding.account_id) || !any_glob(entry.regions, finding.region) ||
      !any_glob(entry.resources, finding.resource_id) || !any_glob(entry.checks, finding.check_id)) {
    return false;
  }
  if (entry.tags.empty()) return true;
  if (tags == nullptr) return false;
  return std::any_of(entry.tags.begin(), entry.tags.end(), [&](const std::string& p) { return tag_matches(p, *tags); });
}

std::vector<std::string> apply_config(const Config& config, ScanResult& result, const Inventory* inventory,
                                      const Date& today) {
  std::vector<std::string> warnings;
  std::vector<const MuteEntry*> live;
  std::vector<Finding> expired_findings;
  for (const auto& e : config.mutelist) {
    if (e.expires && today > *e.expires) {
      std::string when = base::format_date(*e.expires);
      warnings.push_back(fmt::format("mutelist entry at {} expired on {} and no longer mutes anything (reason was: {})",
                                     e.source, when, e.reason));
      Finding f;
      f.check_id = std::string(kConfigCheckId);
      f.status = Status::kFail;
      f.severity = Severity::kInfo;
      f.resource_type = "mutelist";
      f.resource_id = e.source;
      f.message =
          fmt::format("mutelist entry expired on {}; its findings are reported again (reason was: {})", when, e.reason);
      f.evidence.detail = "renew the entry with a new expires date, or remove it once fixed";
      expired_findings.push_back(std::move(f));
    } else {
      live.push_back(&e);
    }
  }

  auto tags = tag_index(inventory);
  for (auto& f : result.findings) {
    if (auto it = config.checks.find(f.check_id); it != config.checks.end() && it->second.severity) {
      f.severity = *it->second.severity;
    }
    if (f.status != Status::kFail && f.status != Status::kError) continue;
    const std::vector<Tag>* t = nullptr;
    if (f.resource_type == "instance") {
      if (auto it = tags.find({f.account_id, f.region, f.resource_id}); it != tags.end()) t = it->second;
    }
    for (const MuteEntry* e : live) {
      if (mute_matches(*e, f, t)) {
        f.status = Status::kMuted;
        f.mute_reason = e->reason;
        break;
      }
    }
  }

  if (!expired_findings.empty()) {
    for (auto& f : expired_findings) result.findings.push_back(std::move(f));
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.account_id, a.region, a.resource_id, a.check_id) <
             std::tie(b.account_id, b.region, b.resource_id, b.check_id);
    });
  }
  return warnings;
}

}  // namespace rolecall::config
