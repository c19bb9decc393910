// The Auto Scaling side of a generated estate: groups over existing running instances, each with
// a launch template of its own (or a launch configuration), with the template's ground truth.

#include <array>

#include <fmt/format.h>

#include "emulator/estate/estate.h"
#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

using nlohmann::json;

// How a group launches; taken in turn so even a small estate holds the ones remediation treats differently.
enum class Source { kPinned, kDefault, kLaunchConfiguration, kLatest, kMixed };
constexpr std::array<Source, 5> kSources = {Source::kPinned, Source::kDefault, Source::kLaunchConfiguration,
                                            Source::kLatest, Source::kMixed};

bool grouped(const json& instance) {
  auto tags = instance.find("tags");
  return tags != instance.end() && tags->contains(kAutoScalingGroupTag);
}

std::string profile_of(const json& instance) { return instance.value("instance_profile", std::string()); }

}  // namespace

void add_auto_scaling_groups(Rng& rng, Cell& cell, UsedIds& used, int per_cell, int& serial) {
  for (int k = 0; k < per_cell; ++k) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < cell.instances.size(); ++i) {
      const json& in = cell.instances[i];
      if (in.value("state", std::string()) == "running" && !grouped(in)) candidates.push_back(i);
    }
    if (candidates.empty()) return;
    // 1..3 running instances sharing the first one's profile (a group launches them all alike).
    const std::size_t first = candidates[rng.below(candidates.size())];
    const std::string profile = profile_of(cell.instances[first]);
    const std::size_t wanted = 1 + rng.below(3);
    std::vector<std::size_t> members = {first};
    for (std::size_t i : candidates) {
      if (members.size() < wanted && i != first && profile_of(cell.instances[i]) == profile) members.push_back(i);
    }
    const std::string team = cell.instances[first]["tags"].value("team", std::string("platform"));
    const std::string name = fmt::format("{}-asg-{:03}", team, ++serial);
    const Source source = kSources[static_cast<std::size_t>(serial - 1) % kSources.size()];

    json group = {{"name", name},
                  {"region", cell.region},
                  {"min_size", members.size()},
                  {"max_size", members.size() + 2},
                  {"desired_capacity", members.size()},
                  {"created_time", "2025-06-01T00:00:00Z"},
                  {"tags", {{"team", team}}}};
    json instance_template;  // what each member's launch_template becomes (null: none)
    if (source == Source::kLaunchConfiguration) {
      group["launch_configuration"] = name + "-lc";
    } else {
      const std::string id = unique_id(rng, used, "lt-");
      const int count = 1 + static_cast<int>(rng.below(3));
      const int default_version = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(count)));
      ScriptContext context{cell.account_id, cell.region, team, name};
      json versions = json::array();
      for (int n = 1; n <= count; ++n) {
        json v = {{"number", n}, {"user_data", benign_or_empty(rng, 40, context)}, {"http_tokens", "required"}};
        if (!profile.empty()) v["instance_profile"] = profile;
        versions.push_back(std::move(v));
      }
      cell.launch_templates.push_back({{"id", id},
                                       {"name", name + "-lt"},
                                       {"region", cell.region},
                                       {"default_version", default_version},
                                       {"versions", std::move(versions)}});
      cell.template_truth.add(cell.account_id, cell.region, id, "launch-template-no-keys", true);
      std::string version = "$Default";
      int resolved = default_version;
      if (source == Source::kPinned) {
        resolved = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(count)));
        version = std::to_string(resolved);
      } else if (source == Source::kLatest) {
        version = "$Latest";
        resolved = count;
      }
      group["launch_template"] = {{"id", id}, {"version", version}};
      if (source == Source::kMixed) group["mixed_instances_policy"] = true;
      instance_template = {{"id", id}, {"version", std::to_string(resolved)}};
    }
    for (std::size_t i : members) {
      json& in = cell.instances[i];
      in["tags"][kAutoScalingGroupTag] = name;
      if (instance_template.is_null()) {
        in.erase("launch_template");
      } else {
        in["launch_template"] = instance_template;
      }
    }
    cell.auto_scaling_groups.push_back(std::move(group));
  }
}

}  // namespace rolecall::emulator::gen
