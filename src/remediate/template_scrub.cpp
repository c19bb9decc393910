#include "remediate/template_scrub.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "base/sha256.h"
#include "remediate/template_live.h"

namespace rolecall::remediate {
namespace {

using RegionGroups =
    std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>>;

std::string scrub_join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

// The action `templates` holds for the template, or nullptr.
TemplateAction* scrub_action_of(std::vector<TemplateAction>& templates, const LaunchTemplate& lt) {
  auto it = std::find_if(templates.begin(), templates.end(), [&](const TemplateAction& t) {
    return t.account_id == lt.account_id && t.region == lt.region && t.template_id == lt.id;
  });
  return it == templates.end() ? nullptr : &*it;
}

const LaunchTemplateVersion* scrub_version_of(const LaunchTemplate& lt, long long number) {
  auto it = std::find_if(lt.versions.begin(), lt.versions.end(),
                         [&](const LaunchTemplateVersion& v) { return v.version_number == number; });
  return it == lt.versions.end() ? nullptr : &*it;
}

// The version scrubbed: the source of the action that already fixes the template, else the default.
long long scrub_source(const TemplateAction* action, const LaunchTemplate& lt) {
  if (action != nullptr && action->kind != TemplateActionKind::kBlocked && action->source_version > 0)
    return action->source_version;
  return lt.default_version;
}

std::set<std::string> scrub_key_set(const std::vector<KeyToRetire>& retire) {
  std::set<std::string> out;
  for (const auto& k : retire) out.insert(k.key_sha256);
  return out;
}

// Who owns the keys, for the reason: "AKIA…WXYZ (user deploy)".
std::string scrub_owners(const std::set<std::string>& key_sha256, const std::vector<KeyToRetire>& retire) {
  std::vector<std::string> out;
  for (const auto& k : retire) {
    if (key_sha256.contains(k.key_sha256)) out.push_back(k.key_id_redacted + " (user " + k.user + ")");
  }
  return scrub_join(out, ", ");
}

}  // namespace

std::set<std::pair<std::string, std::string>> scrub_scopes(const Inventory& inventory,
                                                           const std::vector<KeyToRetire>& retire,
                                                           const std::vector<TemplateAction>& templates) {
  std::set<std::pair<std::string, std::string>> out;
  const auto keys = scrub_key_set(retire);
  if (keys.empty()) return out;
  std::vector<TemplateAction> copy = templates;
  for (const auto& r : inventory.regions) {
    for (const auto& lt : r.launch_templates) {
      if (scrub_action_of(copy, lt) != nullptr) continue;
      const auto* v = scrub_version_of(lt, lt.default_version);
      if (v == nullptr || v->user_data.empty()) continue;
      auto scrub = checks::scrub_keys(v->user_data, keys);
      if (scrub && !scrub->key_sha256.empty()) out.insert({lt.account_id, lt.region});
    }
  }
  return out;
}

void plan_template_scrubs(const Inventory& inventory, const std::vector<KeyToRetire>& retire,
                          const RegionGroups& region_groups, std::vector<TemplateAction>& templates,
                          std::vector<std::string>& warnings) {
  const auto keys = scrub_key_set(retire);
  if (keys.empty()) return;
  for (const auto& r : inventory.regions) {
    if (r.launch_templates_error) {
      warnings.push_back(
          fmt::format("the launch templates of {}/{} could not be read ({}): not checked for "
                      "migrated keys",
                      r.account_id, r.region, r.launch_templates_error->describe()));
    }
    for (const auto& lt : r.launch_templates) {
      TemplateAction* action = scrub_action_of(templates, lt);
      const long long source = scrub_source(action, lt);
      // Versions other than the one scrubbed that hold a key: said, never changed.
      std::vector<std::string> others;
      for (const auto& v : lt.versions) {
        if (v.version_number == source || v.user_data.empty()) continue;
        auto other = checks::scrub_keys(v.user_data, keys);
        if (other && !other->key_sha256.empty()) others.push_back(std::to_string(v.version_number));
      }
      if (!others.empty()) {
        warnings.push_back(fmt::format(
            "launch template {} ({}) in {}/{}: version(s) {} also hold a migrated key and are not scrubbed (only the "
            "version in use is); delete them once the migration holds",
            lt.id, lt.name, lt.account_id, lt.region, scrub_join(others, ", ")));
      }
      const LaunchTemplateVersion* version = scrub_version_of(lt, source);
      if (version == nullptr || version->user_data.empty()) continue;
      auto scrub = checks::scrub_keys(version->user_data, keys);
      if (!scrub || scrub->key_sha256.empty()) continue;  // undecodable: user-data-no-keys reports it
      const std::string holds = fmt::format("version {} of {} holds {} in its user data", source, lt.id,
                                            scrub_owners(scrub->key_sha256, retire));
      if (action != nullptr && action->kind == TemplateActionKind::kBlocked) {
        action->reason += "; " + holds + ": not scrubbed while the template fix is blocked";
        continue;
      }
      TemplateAction fresh;
      const bool is_fresh = action == nullptr;
      std::string unread_groups;
      if (is_fresh) {
        fresh.account_id = lt.account_id;
        fresh.region = lt.region;
        fresh.template_id = lt.id;
        fresh.template_name = lt.name;
        fresh.source_version = source;
        fresh.source_profile_arn = carried_profile(*version);
        fresh.default_version = lt.default_version;
        fresh.latest_version = lt.latest_version;
        auto groups = region_groups.find({lt.account_id, lt.region});
        if (groups != region_groups.end() && groups->second) {
          LiveTemplate live = live_template(lt);
          for (const auto& g : *groups->second) {
            if (g.launch_template_id != lt.id || resolve_version(live, g.launch_template_version) != source) continue;
            fresh.groups.push_back({g.name, g.launch_template_version, g.mixed_instances_policy, {}});
          }
        } else {
          unread_groups = "the Auto Scaling groups of " + lt.region + " could not be read" +
                          (groups == region_groups.end() ? "" : ": " + groups->second.error().describe());
        }
        action = &fresh;
      }
      TemplateAction& t = *action;
      t.scrub.version = source;
      t.scrub.user_data_sha256 = base::sha256_hex(version->user_data);
      t.scrub.key_sha256.assign(scrub->key_sha256.begin(), scrub->key_sha256.end());
      t.scrub.keys_redacted.assign(scrub->keys_redacted.begin(), scrub->keys_redacted.end());
      for (const auto& l : scrub->removed) {
        t.scrub.lines.push_back({l.layer, static_cast<long long>(l.line), l.masked});
      }
      t.scrub.diff = scrub->diff;
      const std::string before = is_fresh ? "" : t.reason + "; ";
      if (!scrub->blocked.empty()) {
        t.kind = TemplateActionKind::kBlocked;
        t.reason =
            fmt::format("{}{}, which cannot be removed safely: {}", before, holds, scrub_join(scrub->blocked, "; "));
      } else if (t.target.arn.empty() && t.source_profile_arn.empty()) {
        t.kind = TemplateActionKind::kBlocked;
        t.reason = fmt::format(
            "{}{}: without it, instances launched from the template would have no AWS credentials, and the "
            "version gives no instance profile (`plan --migrate-keys --launch-template {}` gives it one)",
            before, holds, lt.id);
      } else if (!unread_groups.empty()) {
        t.kind = TemplateActionKind::kBlocked;
        t.reason = fmt::format("{}: {}, so the groups that launch it are not known", holds, unread_groups);
      } else {
        t.scrub.scrubbed_sha256 = base::sha256_hex(scrub->user_data);
        const std::string scrubbed = fmt::format(
            "{}: a new version without its {} credential line(s), made the default only when approved (apply "
            "--make-template-default)",
            holds, scrub->removed.size());
        if (t.kind == TemplateActionKind::kSkip) {
          t.reason = fmt::format("version {} already launches with {}; {}", source, t.target.name, scrubbed);
        } else {
          t.reason = before + scrubbed;
        }
        // A group on $Latest needs no approval to launch it: said, so the reviewer knows.
        std::vector<std::string> latest;
        for (const auto& g : t.groups) {
          if (g.version == "$Latest") latest.push_back(g.name);
        }
        if (!latest.empty()) {
          t.reason += "; " + scrub_join(latest, ", ") + " launch" + (latest.size() == 1 ? "es" : "") +
                      " $Latest, so the new version as soon as it is made";
        }
        t.kind = TemplateActionKind::kUpdate;
      }
      if (is_fresh) templates.push_back(std::move(fresh));
    }
  }
  std::stable_sort(templates.begin(), templates.end(), [](const TemplateAction& a, const TemplateAction& b) {
    return std::tie(a.account_id, a.region, a.template_id) < std::tie(b.account_id, b.region, b.template_id);
  });
}

}  // namespace rolecall::remediate
