#include "emulator/estate/scaling.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/estate/launch.h"

namespace rolecall::emulator {
namespace {

std::string random_hex(std::mt19937_64& rng, std::string_view prefix, int digits) {
  std::string out(prefix);
  std::uniform_int_distribution<int> pick(0, 15);
  for (int i = 0; i < digits; ++i) out += "0123456789abcdef"[pick(rng)];
  return out;
}

bool in_group(const Instance& in, const std::string& group) {
  return std::any_of(in.tags.begin(), in.tags.end(),
                     [&](const auto& tag) { return tag.first == kAutoScalingGroupTag && tag.second == group; });
}

// The instance the group terminates: its oldest running one (AWS's default policy ends with the
// oldest launch; the estate's order breaks ties).
Instance* victim(RegionData& data, const std::string& group, std::uint64_t seq) {
  Instance* out = nullptr;
  for (Instance& in : data.instances) {
    if (!in_group(in, group) || effective_state(in, seq) != "running") continue;
    if (!out || in.launch_time < out->launch_time) out = &in;
  }
  return out;
}

Association association_for(const ProfileDef& profile, std::uint64_t seq, std::mt19937_64& rng) {
  Association a;
  a.id = random_hex(rng, "iip-assoc-", 17);
  a.profile_name = profile.name;
  a.profile_arn = profile.arn;
  a.profile_id = profile.id;
  a.created_seq = seq;
  return a;
}

}  // namespace

Result<Replacement> replace_group_instance(Estate& estate, const std::string& account_id, const std::string& region,
                                           const std::string& group, std::uint64_t seq, TimePoint now,
                                           std::mt19937_64& rng) {
  auto account_at = estate.account_index.find(account_id);
  if (account_at == estate.account_index.end()) return fail(ErrorKind::kNotFound, "no account " + account_id);
  Account& account = estate.accounts[account_at->second];
  auto region_at = account.regions.find(region);
  if (region_at == account.regions.end()) return fail(ErrorKind::kNotFound, "no region " + region);
  RegionData& data = region_at->second;
  auto g = std::find_if(data.auto_scaling_groups.begin(), data.auto_scaling_groups.end(),
                        [&](const AutoScalingGroup& x) { return x.name == group; });
  if (g == data.auto_scaling_groups.end())
    return fail(ErrorKind::kNotFound, fmt::format("no Auto Scaling group {} in {} {}", group, account_id, region));
  Instance* old = victim(data, group, seq);
  if (!old) return fail(ErrorKind::kInvalidArgument, fmt::format("group {} has no running instance", group));

  Replacement out;
  Instance in;
  do {
    in.id = random_hex(rng, "i-", 17);
  } while (data.instance_index.contains(in.id));
  in.state = "pending";
  in.state_seq = seq;
  in.instance_type = old->instance_type;
  in.image_id = old->image_id;
  in.availability_zone = old->availability_zone;
  in.root_device_type = old->root_device_type;
  in.launch_time = base::format_iso8601(now);
  in.security_groups = old->security_groups;
  std::optional<std::string> profile;
  if (g->launch_template) {
    const auto& templates = data.templates;
    auto t = std::find_if(templates.begin(), templates.end(),
                          [&](const LaunchTemplate& x) { return x.id == g->launch_template->id; });
    const TemplateVersion* version =
        t == templates.end() ? nullptr : resolve_template_version(*t, g->launch_template->version);
    if (!version) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("group {}: launch template {} version {} does not exist",
                                                           group, g->launch_template->id, g->launch_template->version));
    }
    in.user_data = version->user_data;
    in.http_tokens = version->http_tokens.value_or("optional");
    in.launch_template = LaunchTemplateRef{t->id, std::to_string(version->number)};
    profile = version->instance_profile;
    out.template_id = t->id;
    out.template_version = version->number;
  } else {
    in.user_data = old->user_data;
    in.http_tokens = old->http_tokens;
    if (const Association* a = effective_association(*old, seq)) profile = a->profile_name;
  }
  if (profile) {
    const ProfileDef* p = account.find_profile(*profile);
    if (!p) {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("group {}: the launch names instance profile {}, which does not exist", group, *profile));
    }
    in.profile_name = p->name;
    in.association = association_for(*p, seq, rng);
  }
  in.tags.emplace_back(kAutoScalingGroupTag, group);
  for (const auto& tag : g->tags) in.tags.push_back(tag);

  // Scale-in: the old instance goes, its association with it.
  std::string gone = old->association ? old->association->id : std::string();
  settle(*old, seq, now);
  if (!gone.empty() && !old->association) estate.assoc_index.erase(gone);
  old->state = "shutting-down";
  old->state_seq = seq;
  if (old->association) old->association->disassociated_seq = seq;
  release_public_address(account, *old);
  out.terminated = old->id;

  // Scale-out: the replacement, in the subnet the old one used.
  LaunchRequest request;
  request.account = account_at->second;
  request.region = region;
  request.subnet_id = old->subnet_id;
  out.launched = in.id;
  request.instances.push_back(std::move(in));
  launch_instances(estate, std::move(request));
  return out;
}

}  // namespace rolecall::emulator
