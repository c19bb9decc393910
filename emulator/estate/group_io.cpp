#include "emulator/estate/group_io.h"

#include <algorithm>

#include "emulator/common/validate.h"
#include "emulator/estate/load_helpers.h"

namespace rolecall::emulator {
namespace load {
namespace {

int count(const json& j, const std::string& path, const char* key, int fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_number_integer() || it->get<int>() < 0) bad(path + "." + key, "expected a non-negative integer");
  return it->get<int>();
}

AutoScalingGroup load_group(Account& account, const json& j, const std::string& path) {
  check_keys(j, path,
             {"name", "region", "launch_template", "mixed_instances_policy", "launch_configuration", "min_size",
              "max_size", "desired_capacity", "created_time", "tags"});
  AutoScalingGroup g;
  g.name = str(j, path, "name", true);
  if (g.name.empty() || g.name.size() > 255) bad(path + ".name", "expected 1 to 255 characters");
  g.region = str(j, path, "region", true);
  auto region = account.regions.find(g.region);
  if (region == account.regions.end()) bad(path + ".region", "'" + g.region + "' is not in the estate's regions");
  for (const auto& other : region->second.auto_scaling_groups) {
    if (other.name == g.name) bad(path + ".name", "duplicate group name in its region");
  }
  if (auto it = j.find("launch_template"); it != j.end() && !it->is_null()) {
    check_keys(*it, path + ".launch_template", {"id", "version"});
    LaunchTemplateRef ref{str(*it, path + ".launch_template", "id", true),
                          str(*it, path + ".launch_template", "version", false, "$Default")};
    const auto& templates = region->second.templates;
    if (std::none_of(templates.begin(), templates.end(), [&](const LaunchTemplate& t) { return t.id == ref.id; }))
      bad(path + ".launch_template.id", "no launch template '" + ref.id + "' in the group's account and region");
    matches(ref.version, path + ".launch_template.version", is_launch_template_version,
            "$Default, $Latest or a version number");
    g.launch_template = ref;
  }
  auto mixed = j.find("mixed_instances_policy");
  if (mixed != j.end() && !mixed->is_boolean()) bad(path + ".mixed_instances_policy", "expected true or false");
  g.mixed_instances_policy = mixed != j.end() && mixed->get<bool>();
  g.launch_configuration = str(j, path, "launch_configuration", false);
  if (g.launch_template.has_value() == !g.launch_configuration.empty())
    bad(path, "a group needs exactly one of launch_template and launch_configuration");
  if (g.mixed_instances_policy && !g.launch_template)
    bad(path + ".mixed_instances_policy", "a mixed instances policy needs a launch_template");
  g.min_size = count(j, path, "min_size", 0);
  g.max_size = count(j, path, "max_size", std::max(1, g.min_size));
  g.desired_capacity = count(j, path, "desired_capacity", g.min_size);
  if (g.min_size > g.max_size || g.desired_capacity < g.min_size || g.desired_capacity > g.max_size)
    bad(path, "expected min_size <= desired_capacity <= max_size");
  g.created_time = str(j, path, "created_time", false, g.created_time);
  if (auto it = j.find("tags"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) bad(path + ".tags", "expected an object of strings");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) bad(path + ".tags." + k, "expected a string");
      g.tags.emplace_back(k, v.get<std::string>());
    }
  }
  return g;
}

}  // namespace

void load_auto_scaling_groups(Account& account, const json& account_json, const std::string& path) {
  const json& groups = arr(account_json, path, "auto_scaling_groups");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    AutoScalingGroup g = load_group(account, groups[i], fmt::format("{}.auto_scaling_groups[{}]", path, i));
    account.regions[g.region].auto_scaling_groups.push_back(std::move(g));
  }
}

}  // namespace load

nlohmann::json auto_scaling_groups_json(const Account& account) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [region, data] : account.regions) {
    for (const auto& g : data.auto_scaling_groups) {
      nlohmann::json j = {{"name", g.name},
                          {"region", g.region},
                          {"min_size", g.min_size},
                          {"max_size", g.max_size},
                          {"desired_capacity", g.desired_capacity},
                          {"created_time", g.created_time}};
      if (g.launch_template) {
        j["launch_template"] = {{"id", g.launch_template->id}, {"version", g.launch_template->version}};
        if (g.mixed_instances_policy) j["mixed_instances_policy"] = true;
      } else {
        j["launch_configuration"] = g.launch_configuration;
      }
      nlohmann::json tags = nlohmann::json::object();
      for (const auto& [k, v] : g.tags) tags[k] = v;
      j["tags"] = std::move(tags);
      out.push_back(std::move(j));
    }
  }
  return out;
}

}  // namespace rolecall::emulator
