// Auto Scaling UpdateAutoScalingGroup: what the group launches from (launch template and version,
// directly or in a mixed instances policy, or a launch configuration) and its sizes. The other
// settings the API takes are not part of the estate and leave it unchanged.
#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "emulator/common/validate.h"
#include "emulator/services/authorize.h"
#include "emulator/services/autoscaling/common.h"
#include "emulator/services/autoscaling/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::autoscaling {
namespace {

// The launch template `prefix`LaunchTemplateId / LaunchTemplateName / Version names, checked
// against the region's templates as Auto Scaling does; nullopt when none of them is sent.
std::expected<std::optional<LaunchTemplateRef>, ApiError> template_param(RequestContext& ctx,
                                                                         const std::string& prefix) {
  const std::string* id = ctx.params.get(prefix + "LaunchTemplateId");
  const std::string* name = ctx.params.get(prefix + "LaunchTemplateName");
  const std::string* version = ctx.params.get(prefix + "Version");
  if (!id && !name && !version) return std::nullopt;
  if ((id != nullptr) == (name != nullptr)) {
    return std::unexpected(
        validation_error("Valid requests must contain either launchTemplateId or LaunchTemplateName"));
  }
  const LaunchTemplate* found = nullptr;
  for (const auto& t : region_data(ctx).templates) {
    if ((id && t.id == *id) || (name && t.name == *name)) found = &t;
  }
  if (!found) {
    return std::unexpected(validation_error(
        fmt::format("You must use a valid fully-formed launch template. The specified launch template, with "
                    "template {} {}, does not exist.",
                    id ? "ID" : "name", id ? *id : *name)));
  }
  LaunchTemplateRef ref{found->id, version ? *version : "$Default"};
  if (!is_launch_template_version(ref.version) || !resolve_template_version(*found, ref.version)) {
    return std::unexpected(validation_error(
        fmt::format("You must use a valid fully-formed launch template. Could not find launch template version {} "
                    "for launch template {}",
                    ref.version, found->id)));
  }
  return ref;
}

std::expected<std::optional<int>, ApiError> size_param(const RequestContext& ctx, const char* name, const char* field) {
  const std::string* text = ctx.params.get(name);
  if (!text) return std::nullopt;
  int n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || n < 0) {
    return std::unexpected(validation_error(fmt::format(
        "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must have value "
        "greater than or equal to 0",
        *text, field)));
  }
  return n;
}

// The launch configurations of a region: the emulator models them only as names its groups use.
bool launch_configuration_exists(RequestContext& ctx, const std::string& name) {
  const auto& groups = region_data(ctx).auto_scaling_groups;
  return std::any_of(groups.begin(), groups.end(),
                     [&](const AutoScalingGroup& g) { return g.launch_configuration == name; });
}

}  // namespace

HandlerResult update_auto_scaling_group(RequestContext& ctx) {
  const std::string name = ctx.params.value("AutoScalingGroupName");
  if (auto denied = authorize(ctx, "autoscaling:UpdateAutoScalingGroup", group_arn(ctx, name))) {
    return std::unexpected(*denied);
  }
  AutoScalingGroup* group = find_group(ctx, name);
  if (!group) {
    return std::unexpected(
        validation_error(fmt::format("AutoScalingGroup name not found - null, or group {} not found", name)));
  }
  auto direct = template_param(ctx, "LaunchTemplate.");
  if (!direct) return std::unexpected(direct.error());
  auto mixed = template_param(ctx, "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.");
  if (!mixed) return std::unexpected(mixed.error());
  const std::string* configuration = ctx.params.get("LaunchConfigurationName");
  int sources = (direct->has_value() ? 1 : 0) + (mixed->has_value() ? 1 : 0) + (configuration ? 1 : 0);
  if (sources > 1) {
    return std::unexpected(validation_error(
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName or MixedInstancesPolicy "
        "parameter."));
  }
  if (configuration && !launch_configuration_exists(ctx, *configuration)) {
    return std::unexpected(validation_error(fmt::format("Launch configuration name not found - {}", *configuration)));
  }
  auto min = size_param(ctx, "MinSize", "minSize");
  if (!min) return std::unexpected(min.error());
  auto max = size_param(ctx, "MaxSize", "maxSize");
  if (!max) return std::unexpected(max.error());
  auto desired = size_param(ctx, "DesiredCapacity", "desiredCapacity");
  if (!desired) return std::unexpected(desired.error());
  int new_min = min->value_or(group->min_size), new_max = max->value_or(group->max_size);
  int new_desired = desired->value_or(std::clamp(group->desired_capacity, new_min, std::max(new_min, new_max)));
  if (new_min > new_max) {
    return std::unexpected(validation_error(
        fmt::format("Max bound, {}, must be greater than or equal to min bound, {}", new_max, new_min)));
  }
  if (new_desired < new_min || new_desired > new_max) {
    return std::unexpected(
        validation_error(fmt::format("Desired capacity:{} must be between the specified min size:{} and max size:{}",
                                     new_desired, new_min, new_max)));
  }

  if (*direct || *mixed) {
    group->launch_template = *direct ? **direct : **mixed;
    group->mixed_instances_policy = mixed->has_value();
    group->launch_configuration.clear();
  } else if (configuration) {
    group->launch_template.reset();
    group->mixed_instances_policy = false;
    group->launch_configuration = *configuration;
  }
  group->min_size = new_min;
  group->max_size = new_max;
  group->desired_capacity = new_desired;
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::autoscaling
