#include "remediate/template_plan.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace rolecall::remediate {
namespace {

using GroupsRead = std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>>;

// The plan's actions that speak for a group: a change or skip with a target, or a managed block.
bool speaks_for_group(const PlannedAction& a) {
  if (a.before.auto_scaling_group.empty()) return false;
  if (!a.managed.tool.empty() && !a.managed.allowed) return true;
  return (a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace || a.kind == ActionKind::kSkip) &&
         !a.target.arn.empty();
}

// What the plan's actions say of one group.
struct GroupIntent {
  std::map<std::string, TargetProfile> targets;  // target ARN -> target
  std::vector<std::string> instances;
  std::string managed;  // "cloudformation stack X" when an instance of it is managed (and not allowed)
};

std::string shown_profile(const std::string& profile) { return profile.empty() ? "no instance profile" : profile; }

std::string join_template(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

TemplateAction template_blocked(const SourceKey& group, const GroupIntent& intent, std::string template_id,
                                std::string template_name, std::string version, bool mixed, std::string reason) {
  TemplateAction t;
  t.kind = TemplateActionKind::kBlocked;
  t.account_id = std::get<0>(group);
  t.region = std::get<1>(group);
  t.template_id = std::move(template_id);
  t.template_name = std::move(template_name);
  t.groups.push_back({std::get<2>(group), std::move(version), mixed, intent.instances});
  if (intent.targets.size() == 1) t.target = intent.targets.begin()->second;
  t.reason = std::move(reason);
  return t;
}

// The template `key` as read, its name and versions copied into `t`; nullptr (and `t.reason` says
// why) when it could not be read.
const LiveTemplate* take_template(const std::map<SourceKey, Result<LiveTemplate>>& templates, const SourceKey& key,
                                  TemplateAction& t) {
  auto read = templates.find(key);
  if (read == templates.end() || !read->second) {
    t.reason = "launch template " + std::get<2>(key) + " could not be read: " +
               (read == templates.end() ? std::string("not read") : read->second.error().describe());
    return nullptr;
  }
  t.template_name = read->second->name;
  t.default_version = read->second->default_version;
  t.latest_version = read->second->latest_version;
  return &*read->second;
}

}  // namespace

bool carries_profile(const std::string& carried, const TargetProfile& target) {
  if (carried.empty()) return false;
  if (carried == target.arn) return true;
  // A version may name its profile instead of giving the ARN.
  return carried.find(':') == std::string::npos && carried == target.name;
}

std::set<SourceKey> groups_of(const std::vector<PlannedAction>& actions) {
  std::set<SourceKey> out;
  for (const auto& a : actions) {
    if (speaks_for_group(a)) out.insert({a.before.account_id, a.before.region, a.before.auto_scaling_group});
  }
  return out;
}

std::map<SourceKey, std::set<long long>> templates_of(const GroupsRead& groups) {
  std::map<SourceKey, std::set<long long>> out;
  for (const auto& [key, group] : groups) {
    if (!group || !group->has_value() || (*group)->launch_template_id.empty()) continue;
    auto& versions = out[{std::get<0>(key), std::get<1>(key), (*group)->launch_template_id}];
    const std::string& v = (*group)->launch_template_version;
    if (long long n = version_number(v); n > 0) versions.insert(n);
  }
  return out;
}

std::vector<TemplateAction> plan_templates(const std::vector<PlannedAction>& actions, const GroupsRead& groups,
                                           const std::map<SourceKey, Result<LiveTemplate>>& templates) {
  std::map<SourceKey, GroupIntent> intents;
  for (const auto& a : actions) {
    if (!speaks_for_group(a)) continue;
    auto& intent = intents[{a.before.account_id, a.before.region, a.before.auto_scaling_group}];
    intent.instances.push_back(a.before.instance_id);
    if (!a.managed.tool.empty() && !a.managed.allowed) {
      intent.managed = a.managed.tool == "cloudformation" ? "CloudFormation stack " + a.managed.name
                                                          : "Terraform (" + a.managed.name + ")";
    } else {
      intent.targets.emplace(a.target.arn, a.target);
    }
  }

  std::vector<TemplateAction> out;
  std::map<SourceKey, std::vector<std::pair<SourceKey, const aws::autoscaling::AutoScalingGroup*>>> by_template;
  for (const auto& [key, intent] : intents) {
    const auto& name = std::get<2>(key);
    auto read = groups.find(key);
    if (read == groups.end() || !read->second) {
      std::string why = read == groups.end() ? "not read" : read->second.error().describe();
      out.push_back(template_blocked(key, intent, "", "", "", false,
                                     "Auto Scaling group " + name + " could not be read: " + why));
      continue;
    }
    if (!read->second->has_value()) {
      out.push_back(template_blocked(key, intent, "", "", "", false,
                                     "Auto Scaling group " + name + " no longer exists (its instances keep the tag)"));
      continue;
    }
    const auto& g = **read->second;
    if (g.launch_template_id.empty()) {
      out.push_back(
          template_blocked(key, intent, "", g.launch_configuration, "", false,
                           fmt::format("Auto Scaling group {} launches from launch configuration {}, which cannot be "
                                       "changed: migrate the group to a launch template, then plan again",
                                       name, g.launch_configuration.empty() ? "(none)" : g.launch_configuration)));
      continue;
    }
    if (!intent.managed.empty()) {
      out.push_back(
          template_blocked(key, intent, g.launch_template_id, g.launch_template_name, g.launch_template_version,
                           g.mixed_instances_policy,
                           fmt::format("Auto Scaling group {} is managed by {}: set the instance profile in its "
                                       "launch template in the code (or plan with --allow-managed)",
                                       name, intent.managed)));
      continue;
    }
    if (intent.targets.size() > 1) {
      std::vector<std::string> arns;
      for (const auto& [arn, t] : intent.targets) arns.push_back(arn);
      out.push_back(
          template_blocked(key, intent, g.launch_template_id, g.launch_template_name, g.launch_template_version,
                           g.mixed_instances_policy,
                           fmt::format("the instances of Auto Scaling group {} are planned to different profiles ({}): "
                                       "one launch template cannot carry both",
                                       name, join_template(arns))));
      continue;
    }
    by_template[{std::get<0>(key), std::get<1>(key), g.launch_template_id}].push_back({key, &g});
  }

  for (const auto& [tkey, members] : by_template) {
    const auto& [account, region, id] = tkey;
    TemplateAction t;
    t.account_id = account;
    t.region = region;
    t.template_id = id;
    std::map<std::string, TargetProfile> targets;
    for (const auto& [gkey, g] : members) {
      const auto& intent = intents.at(gkey);
      t.template_name = g->launch_template_name;
      t.groups.push_back({g->name, g->launch_template_version, g->mixed_instances_policy, intent.instances});
      targets.insert(intent.targets.begin(), intent.targets.end());
    }
    t.target = targets.begin()->second;
    const LiveTemplate* found = take_template(templates, tkey, t);
    if (found == nullptr) {
      out.push_back(std::move(t));
      continue;
    }
    const LiveTemplate& live = *found;
    if (targets.size() > 1) {
      std::vector<std::string> arns;
      for (const auto& [arn, p] : targets) arns.push_back(arn);
      t.reason =
          fmt::format("the groups launching from {} are planned to different profiles ({})", id, join_template(arns));
      out.push_back(std::move(t));
      continue;
    }
    std::set<long long> sources;
    std::vector<std::string> described;
    for (const auto& g : t.groups) {
      long long n = resolve_version(live, g.version);
      sources.insert(n);
      described.push_back(fmt::format("{} launches {} ({})", g.name, n, g.version));
    }
    if (sources.size() > 1 || *sources.begin() < 1 || !live.profiles.contains(*sources.begin())) {
      t.reason = fmt::format("the groups do not launch one existing version of {}: {}", id, join_template(described));
      out.push_back(std::move(t));
      continue;
    }
    t.source_version = *sources.begin();
    t.source_profile_arn = live.profiles.at(t.source_version);
    std::vector<std::string> pinned;
    for (const auto& g : t.groups) {
      if (g.version != "$Default" && g.version != "$Latest") pinned.push_back(g.name);
    }
    if (carries_profile(t.source_profile_arn, t.target)) {
      t.kind = TemplateActionKind::kSkip;
      t.reason = fmt::format("version {} already launches with {}", t.source_version, t.target.name);
    } else {
      t.kind = TemplateActionKind::kUpdate;
      t.reason = fmt::format("version {} launches with {}: a new version with {}, made the default{}", t.source_version,
                             shown_profile(t.source_profile_arn), t.target.name,
                             pinned.empty() ? "" : "; " + join_template(pinned) + " moved to it");
    }
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const TemplateAction& a, const TemplateAction& b) {
    return std::tie(a.account_id, a.region, a.template_id, a.template_name, a.groups.front().name) <
           std::tie(b.account_id, b.region, b.template_id, b.template_name, b.groups.front().name);
  });
  return out;
}

std::vector<TemplateAction> plan_requested_templates(
    const std::vector<RequestedTemplate>& requested, const std::vector<TemplateAction>& planned,
    const std::map<SourceKey, Result<LiveTemplate>>& templates,
    const std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>>&
        region_groups) {
  std::vector<TemplateAction> out;
  for (const auto& r : requested) {
    const auto& [account, region, id] = r.key;
    const bool already = std::any_of(planned.begin(), planned.end(), [&](const TemplateAction& t) {
      return t.account_id == account && t.region == region && t.template_id == id;
    });
    if (already) continue;
    TemplateAction t;
    t.account_id = account;
    t.region = region;
    t.template_id = id;
    t.target = r.target.profile;
    const LiveTemplate* found = take_template(templates, r.key, t);
    if (found == nullptr) {
      out.push_back(std::move(t));
      continue;
    }
    const LiveTemplate& live = *found;
    t.source_version = live.default_version;
    t.source_profile_arn = live.profiles.contains(live.default_version) ? live.profiles.at(live.default_version) : "";
    std::vector<std::string> elsewhere;
    if (auto g = region_groups.find({account, region}); g != region_groups.end() && g->second) {
      for (const auto& group : *g->second) {
        if (group.launch_template_id != id) continue;
        t.groups.push_back({group.name, group.launch_template_version, group.mixed_instances_policy, {}});
        const long long launches = resolve_version(live, group.launch_template_version);
        if (launches != live.default_version) {
          elsewhere.push_back(fmt::format("{} launches {} ({})", group.name, launches, group.launch_template_version));
        }
      }
    } else if (g != region_groups.end()) {
      t.reason = "the Auto Scaling groups of " + region + " could not be read: " + g->second.error().describe();
      out.push_back(std::move(t));
      continue;
    }
    std::vector<std::string> pinned;
    for (const auto& g : t.groups) {
      if (g.version != "$Default" && g.version != "$Latest") pinned.push_back(g.name);
    }
    if (!r.target.blocked_reason.empty() || r.target.profile.arn.empty()) {
      t.reason = r.target.blocked_reason.empty() ? "no target for this account" : r.target.blocked_reason;
    } else if (!elsewhere.empty()) {
      t.reason = fmt::format(
          "asked for by --launch-template, but groups launch another version than the default {}: "
          "{} (fix them through their instances)",
          live.default_version, join_template(elsewhere));
    } else if (carries_profile(t.source_profile_arn, t.target)) {
      t.kind = TemplateActionKind::kSkip;
      t.reason = fmt::format("asked for by --launch-template; the default version {} already launches with {}",
                             t.source_version, t.target.name);
    } else {
      t.kind = TemplateActionKind::kUpdate;
      t.reason = fmt::format(
          "asked for by --launch-template: the default version {} launches with {}: a new version "
          "with {}, made the default{}",
          t.source_version, shown_profile(t.source_profile_arn), t.target.name,
          pinned.empty() ? "" : "; " + join_template(pinned) + " moved to it");
    }
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const TemplateAction& a, const TemplateAction& b) {
    return std::tie(a.account_id, a.region, a.template_id) < std::tie(b.account_id, b.region, b.template_id);
  });
  return out;
}

}  // namespace rolecall::remediate
