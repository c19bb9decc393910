// Auto Scaling DescribeAutoScalingGroups: the request region's groups with their launch source,
// sizes, tags and instances (those tagged aws:autoscaling:groupName with the group's name).
#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "emulator/services/authorize.h"
#include "emulator/services/autoscaling/common.h"
#include "emulator/services/autoscaling/handlers.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::autoscaling {
namespace {

using Filters = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Filters.member.N.Name / .Values.member.M.
Filters filters_param(const RequestContext& ctx) {
  Filters out;
  for (int n = 1;; ++n) {
    const std::string* name = ctx.params.get(fmt::format("Filters.member.{}.Name", n));
    if (!name) break;
    out.emplace_back(*name, ctx.params.list(fmt::format("Filters.member.{}.Values.member", n)));
  }
  return out;
}

bool matches(const AutoScalingGroup& g, const Filters& filters) {
  auto any_tag = [&g](auto&& pred) { return std::any_of(g.tags.begin(), g.tags.end(), pred); };
  for (const auto& [name, values] : filters) {
    auto listed = [&values](const std::string& v) {
      return std::find(values.begin(), values.end(), v) != values.end();
    };
    bool ok = false;
    if (name == "tag-key") ok = any_tag([&](const auto& t) { return listed(t.first); });
    if (name == "tag-value") ok = any_tag([&](const auto& t) { return listed(t.second); });
    if (name.starts_with("tag:")) {
      ok = any_tag([&](const auto& t) { return t.first == name.substr(4) && listed(t.second); });
    }
    if (!ok) return false;
  }
  return true;
}

std::string lifecycle_state(const std::string& state) {
  if (state == "pending") return "Pending";
  if (state == "shutting-down") return "Terminating";
  if (state == "stopping" || state == "stopped") return "Standby";
  return "InService";
}

void render_template_spec(XmlWriter& w, const char* tag, const RegionData& data, const LaunchTemplateRef& ref) {
  w.open(tag).leaf("LaunchTemplateId", ref.id);
  for (const auto& t : data.templates) {
    if (t.id == ref.id) w.leaf("LaunchTemplateName", t.name);
  }
  w.leaf("Version", ref.version).close(tag);
}

bool in_group(const Instance& in, const std::string& group) {
  return std::any_of(in.tags.begin(), in.tags.end(),
                     [&](const auto& t) { return t.first == kAutoScalingGroupTag && t.second == group; });
}

void render_group(XmlWriter& w, RequestContext& ctx, const AutoScalingGroup& g, bool include_instances) {
  const RegionData& data = region_data(ctx);
  std::vector<const Instance*> members;
  std::vector<std::string> zones, subnets;
  for (const Instance& in : data.instances) {
    std::string state = effective_state(in, ctx.seq);
    if (state == "terminated" || !in_group(in, g.name)) continue;
    members.push_back(&in);
    if (std::find(zones.begin(), zones.end(), in.availability_zone) == zones.end())
      zones.push_back(in.availability_zone);
    if (!in.subnet_id.empty() && std::find(subnets.begin(), subnets.end(), in.subnet_id) == subnets.end())
      subnets.push_back(in.subnet_id);
  }
  if (zones.empty()) zones.push_back(ctx.region + "a");
  w.open("member").leaf("AutoScalingGroupName", g.name).leaf("AutoScalingGroupARN", group_arn(ctx, g.name));
  if (!g.launch_template) {
    w.leaf("LaunchConfigurationName", g.launch_configuration);
  } else if (g.mixed_instances_policy) {
    w.open("MixedInstancesPolicy").open("LaunchTemplate");
    render_template_spec(w, "LaunchTemplateSpecification", data, *g.launch_template);
    w.empty("Overrides").close("LaunchTemplate").close("MixedInstancesPolicy");
  } else {
    render_template_spec(w, "LaunchTemplate", data, *g.launch_template);
  }
  w.leaf("MinSize", g.min_size).leaf("MaxSize", g.max_size).leaf("DesiredCapacity", g.desired_capacity);
  w.leaf("DefaultCooldown", 300LL).open("AvailabilityZones");
  for (const auto& z : zones) w.leaf("member", z);
  w.close("AvailabilityZones").empty("LoadBalancerNames").empty("TargetGroupARNs");
  w.leaf("HealthCheckType", "EC2").leaf("HealthCheckGracePeriod", 300LL);
  w.open("Instances");
  for (const Instance* in : include_instances ? members : std::vector<const Instance*>{}) {
    w.open("member").leaf("InstanceId", in->id).leaf("InstanceType", in->instance_type);
    w.leaf("AvailabilityZone", in->availability_zone)
        .leaf("LifecycleState", lifecycle_state(effective_state(*in, ctx.seq)));
    w.leaf("HealthStatus", "Healthy");
    if (in->launch_template) {
      render_template_spec(w, "LaunchTemplate", data, *in->launch_template);
    } else if (!g.launch_template) {
      w.leaf("LaunchConfigurationName", g.launch_configuration);
    }
    w.leaf_bool("ProtectedFromScaleIn", false).close("member");
  }
  w.close("Instances").leaf("CreatedTime", g.created_time).empty("SuspendedProcesses");
  w.leaf("VPCZoneIdentifier", fmt::format("{}", fmt::join(subnets, ","))).empty("EnabledMetrics");
  w.open("Tags");
  for (const auto& [key, value] : g.tags) {
    w.open("member").leaf("ResourceId", g.name).leaf("ResourceType", "auto-scaling-group").leaf("Key", key);
    w.leaf("Value", value).leaf_bool("PropagateAtLaunch", true).close("member");
  }
  w.close("Tags").open("TerminationPolicies").leaf("member", "Default").close("TerminationPolicies");
  w.leaf_bool("NewInstancesProtectedFromScaleIn", false);
  w.leaf("ServiceLinkedRoleARN",
         fmt::format("arn:{}:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                     ctx.partition(), ctx.caller.account_id));
  w.close("member");
}

}  // namespace

HandlerResult describe_auto_scaling_groups(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "autoscaling:DescribeAutoScalingGroups", "*")) return std::unexpected(*denied);
  std::size_t limit = 50;
  if (const std::string* text = ctx.params.get("MaxRecords")) {
    int n = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || n < 1 || n > 100) {
      return std::unexpected(validation_error(fmt::format(
          "1 validation error detected: Value '{}' at 'maxRecords' failed to satisfy constraint: Member must have "
          "value less than or equal to 100",
          *text)));
    }
    limit = static_cast<std::size_t>(n);
  }
  std::vector<std::string> names = ctx.params.list("AutoScalingGroupNames.member");
  Filters filters = filters_param(ctx);
  for (const auto& [name, values] : filters) {
    if (name != "tag-key" && name != "tag-value" && !name.starts_with("tag:")) {
      return std::unexpected(
          validation_error(fmt::format("Filter type {} is not correct. Allowed Filter types are: "
                                       "auto-scaling-group tag-key tag-value tag:<key>",
                                       name)));
    }
  }
  std::vector<const AutoScalingGroup*> selected;
  for (const auto& g : region_data(ctx).auto_scaling_groups) {
    bool named = names.empty() || std::find(names.begin(), names.end(), g.name) != names.end();
    if (named && matches(g, filters)) selected.push_back(&g);
  }
  std::string scope =
      fmt::format("DescribeAutoScalingGroups|{}|{}|{}", ctx.caller.account_id, ctx.region, fmt::join(names, ","));
  for (const auto& [name, values] : filters) scope += fmt::format("|{}={}", name, fmt::join(values, ","));
  std::size_t offset = 0;
  if (const std::string* token = ctx.params.get("NextToken")) {
    auto at = read_page_token(ctx.core, scope, *token);
    if (!at) return error(400, "InvalidNextToken", "The token '" + *token + "' is invalid.");
    offset = *at;
  }
  PageWindow page = page_window(selected.size(), offset, limit);
  bool include_instances = ctx.params.value("IncludeInstances", "true") != "false";
  XmlWriter w = begin_response(ctx);
  w.open("AutoScalingGroups");
  for (std::size_t i = page.begin; i < page.end; ++i) render_group(w, ctx, *selected[i], include_instances);
  w.close("AutoScalingGroups");
  if (page.more) w.leaf("NextToken", make_page_token(ctx.core, scope, page.end));
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::autoscaling
