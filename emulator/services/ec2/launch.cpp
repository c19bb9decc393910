// EC2 RunInstances: one reservation of MinCount..MaxCount new instances, from parameters and/or a
// launch template, entering the estate through launch_instances (emulator/estate/launch.h).
#include <charconv>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/common/validate.h"
#include "emulator/estate/launch.h"
#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/profiles.h"
#include "emulator/services/ec2/render.h"
#include "emulator/services/ec2/templates.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

constexpr int kMaxPerRequest = 100;  // instances one call may launch here (AWS: the account's vCPU quota)

std::expected<int, ApiError> count_param(const RequestContext& ctx, const char* name) {
  const std::string* text = ctx.params.get(name);
  if (!text) return std::unexpected(missing_parameter(name));
  int n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || ptr != text->data() + text->size() || n < 1) {
    return std::unexpected(ApiError{
        400, "InvalidParameterValue",
        fmt::format("Value ({}) for parameter {} is invalid. Expected a positive integer.", *text, name), true});
  }
  return n;
}

// TagSpecification.N with ResourceType=instance: its Tag.M.Key/Value.
std::vector<std::pair<std::string, std::string>> instance_tags(const RequestContext& ctx) {
  std::vector<std::pair<std::string, std::string>> tags;
  for (int n = 1; ctx.params.get(fmt::format("TagSpecification.{}.ResourceType", n)); ++n) {
    if (ctx.params.value(fmt::format("TagSpecification.{}.ResourceType", n)) != "instance") continue;
    for (int m = 1;; ++m) {
      const std::string* key = ctx.params.get(fmt::format("TagSpecification.{}.Tag.{}.Key", n, m));
      if (!key) break;
      tags.emplace_back(*key, ctx.params.value(fmt::format("TagSpecification.{}.Tag.{}.Value", n, m)));
    }
  }
  return tags;
}

// The profile the instances get: the request's IamInstanceProfile, else the template's (by name).
std::expected<const ProfileDef*, ApiError> launch_profile(RequestContext& ctx, const TemplateVersion* version) {
  if (ctx.params.get("IamInstanceProfile.Arn") || ctx.params.get("IamInstanceProfile.Name")) {
    return requested_profile(ctx, "IamInstanceProfile");
  }
  if (!version || !version->instance_profile) return nullptr;
  if (const ProfileDef* p = ctx.account().find_profile(*version->instance_profile)) return p;
  return std::unexpected(ApiError{
      400, "InvalidParameterValue",
      fmt::format("Value ({}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
                  *version->instance_profile),
      true});
}

}  // namespace

HandlerResult run_instances(RequestContext& ctx) {
  auto min = count_param(ctx, "MinCount");
  if (!min) return std::unexpected(min.error());
  auto max = count_param(ctx, "MaxCount");
  if (!max) return std::unexpected(max.error());
  if (*min > *max) {
    return error(400, "InvalidParameterValue", "MinCount must be less than or equal to MaxCount");
  }
  if (*min > kMaxPerRequest) {
    return error(400, "InstanceLimitExceeded",
                 fmt::format("You have requested more instances ({}) than your current instance limit of {} allows "
                             "for the specified instance type.",
                             *min, kMaxPerRequest));
  }
  const LaunchTemplate* launch_template = nullptr;
  const TemplateVersion* version = nullptr;
  if (ctx.params.get("LaunchTemplate.LaunchTemplateId") || ctx.params.get("LaunchTemplate.LaunchTemplateName")) {
    auto t = named_template(ctx, "LaunchTemplate.");
    if (!t) return std::unexpected(t.error());
    auto v = template_version(**t, ctx.params.value("LaunchTemplate.Version"));
    if (!v) return std::unexpected(v.error());
    launch_template = *t;
    version = *v;
  }
  const std::string* image = ctx.params.get("ImageId");
  if (!image && !launch_template) return std::unexpected(missing_parameter("ImageId"));
  if (image && !is_hex_id(*image, "ami-", 8, 17)) {
    return error(400, "InvalidAMIID.Malformed", fmt::format("Invalid id: \"{}\" (expecting \"ami-...\")", *image));
  }
  const std::string* subnet = ctx.params.get("SubnetId");
  if (subnet && !is_hex_id(*subnet, "subnet-", 8, 17)) {
    return error(400, "InvalidSubnetID.Malformed", fmt::format("Invalid id: \"{}\"", *subnet));
  }
  if (subnet && !region_data(ctx).find_subnet(*subnet)) {
    return error(400, "InvalidSubnetID.NotFound", fmt::format("The subnet ID '{}' does not exist", *subnet));
  }
  const std::string zone = ctx.params.value("Placement.AvailabilityZone");
  if (!zone.empty() && (zone.size() != ctx.region.size() + 1 || !zone.starts_with(ctx.region) || zone.back() < 'a' ||
                        zone.back() > 'p')) {
    return error(400, "InvalidParameterValue", fmt::format("Invalid availability zone: [{}]", zone));
  }
  std::string user_data = version ? version->user_data : std::string();
  if (const std::string* data = ctx.params.get("UserData")) {
    if (!is_base64(*data)) return error(400, "InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
    user_data = *data;
  }
  std::string http_tokens = version && version->http_tokens ? *version->http_tokens : "optional";
  if (const std::string* tokens = ctx.params.get("MetadataOptions.HttpTokens")) {
    if (*tokens != "optional" && *tokens != "required") {
      return error(
          400, "InvalidParameterValue",
          fmt::format("Value ({}) for parameter HttpTokens is invalid. Valid values are optional and required.",
                      *tokens));
    }
    http_tokens = *tokens;
  }
  auto profile = launch_profile(ctx, version);
  if (!profile) return std::unexpected(profile.error());

  if (auto denied = authorize(ctx, "ec2:RunInstances", instance_arn(ctx, "*"))) return std::unexpected(*denied);
  if (*profile) {
    if (auto denied = check_pass_role(ctx, **profile)) return std::unexpected(*denied);
  }
  if (auto dry = dry_run_answer(ctx)) return std::unexpected(*dry);

  LaunchRequest request;
  request.account = ctx.caller.account;
  request.region = ctx.region;
  request.subnet_id = subnet ? *subnet : std::string();
  const auto tags = instance_tags(ctx);
  const int count = std::min(*max, kMaxPerRequest);
  for (int i = 0; i < count; ++i) {
    Instance in;
    do {
      in.id = random_hex_id(ctx.core, "i-", 17);
    } while (region_data(ctx).instance_index.contains(in.id));
    in.state = "pending";
    in.state_seq = ctx.seq;
    in.instance_type = ctx.params.value("InstanceType", "m1.small");
    in.image_id = image ? *image : std::string();
    in.availability_zone = ctx.params.value("Placement.AvailabilityZone");
    in.user_data = user_data;
    in.http_tokens = http_tokens;
    in.launch_time = base::format_iso8601(ctx.now);
    in.tags = tags;
    if (launch_template) in.launch_template = LaunchTemplateRef{launch_template->id, std::to_string(version->number)};
    if (*profile) {
      in.profile_name = (*profile)->name;
      in.association = new_association(ctx, **profile);
    }
    request.instances.push_back(std::move(in));
  }
  std::vector<std::size_t> positions = launch_instances(ctx.estate(), std::move(request));

  const RegionData& data = region_data(ctx);
  const Instance& first = data.instances[positions.front()];
  XmlWriter w = begin_response(ctx);
  w.leaf("reservationId", first.reservation_id).leaf("ownerId", ctx.caller.account_id).empty("groupSet");
  w.open("instancesSet");
  for (std::size_t at : positions) {
    w.open("item");
    render_instance_body(w, data.instances[at], ctx.seq);
    w.close("item");
  }
  w.close("instancesSet");
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2
