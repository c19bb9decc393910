// EC2 instance profile associations: Describe, Associate, Replace, Disassociate.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/glob.h"
#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/profiles.h"
#include "emulator/services/ec2/render.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

// The live association `id` in the caller's account and region.
std::expected<Instance*, ApiError> find_association(RequestContext& ctx, const std::string& id) {
  auto not_found = std::unexpected(
      ApiError{400, "InvalidAssociationID.NotFound", fmt::format("The association ID '{}' does not exist", id), true});
  auto it = ctx.estate().assoc_index.find(id);
  if (it == ctx.estate().assoc_index.end()) return not_found;
  auto& [account, region, index] = it->second;
  if (account != ctx.caller.account || region != ctx.region) return not_found;
  Instance& in = ctx.account().regions.at(region).instances[index];
  const Association* a = effective_association(in, ctx.seq);
  if (!a || a->id != id || a->disassociated_seq != 0) return not_found;
  return &in;
}

Reply association_reply(RequestContext& ctx, const Association& a, const std::string& instance_id) {
  XmlWriter w = begin_response(ctx);
  w.open("iamInstanceProfileAssociation");
  render_association_body(w, a, instance_id, ctx.seq);
  w.close("iamInstanceProfileAssociation");
  return end_response(w, ctx);
}

}  // namespace

HandlerResult describe_iam_instance_profile_associations(RequestContext& ctx) {
  if (auto unknown = reject_dry_run_parameter(ctx)) return std::unexpected(*unknown);
  if (auto denied = authorize(ctx, "ec2:DescribeIamInstanceProfileAssociations", "*")) {
    return std::unexpected(*denied);
  }
  auto max = ec2_max_results(ctx, 5, 1000);
  if (!max) return std::unexpected(max.error());
  std::vector<std::string> ids = ctx.params.list("AssociationId");
  auto filters = ctx.params.filters();
  for (const auto& [name, values] : filters) {
    if (name != "instance-id" && name != "state") {
      return error(400, "InvalidParameterValue", fmt::format("The filter '{}' is invalid", name));
    }
  }
  if (!ids.empty() && *max) {
    return error(400, "InvalidParameterCombination",
                 "The parameter AssociationId cannot be used with the parameter MaxResults");
  }
  for (const auto& id : ids) {
    if (auto found = find_association(ctx, id); !found) return std::unexpected(found.error());
  }
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, ctx.region);
  for (const auto& [name, values] : filters) scope += fmt::format("|{}={}", name, fmt::join(values, ","));
  auto offset = ec2_start_offset(ctx, scope);
  if (!offset) return std::unexpected(offset.error());
  auto matches = [&](const Instance& in, const Association& a) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), a.id) == ids.end()) return false;
    for (const auto& [name, values] : filters) {
      const std::string value = name == "instance-id" ? in.id : association_state(a, ctx.seq);
      bool hit = false;
      for (const auto& v : values) hit = hit || base::glob_match(v, value, false);
      if (!hit) return false;
    }
    return true;
  };
  const RegionData& data = region_data(ctx);
  std::size_t limit = max->value_or(static_cast<std::size_t>(-1));
  std::size_t emitted = 0;
  std::size_t i = *offset;
  XmlWriter w = begin_response(ctx);
  w.open("iamInstanceProfileAssociationSet");
  for (; i < data.instances.size() && emitted < limit; ++i) {
    const Instance& in = data.instances[i];
    const Association* a = effective_association(in, ctx.seq);
    if (!a || !matches(in, *a)) continue;
    w.open("item");
    render_association_body(w, *a, in.id, ctx.seq);
    w.close("item");
    ++emitted;
  }
  w.close("iamInstanceProfileAssociationSet");
  bool more = false;
  for (std::size_t k = i; k < data.instances.size() && !more; ++k) {
    const Association* a = effective_association(data.instances[k], ctx.seq);
    more = a && matches(data.instances[k], *a);
  }
  if (more) w.leaf("nextToken", make_page_token(ctx.core, scope, i));
  return end_response(w, ctx);
}

HandlerResult associate_iam_instance_profile(RequestContext& ctx) {
  if (auto unknown = reject_dry_run_parameter(ctx)) return std::unexpected(*unknown);
  const std::string* instance_id = ctx.params.get("InstanceId");
  if (!instance_id) return std::unexpected(missing_parameter("InstanceId"));
  auto profile = requested_profile(ctx, "IamInstanceProfile");
  if (!profile) return std::unexpected(profile.error());
  if (auto denied = authorize(ctx, "ec2:AssociateIamInstanceProfile", instance_arn(ctx, *instance_id))) {
    return std::unexpected(*denied);
  }
  if (auto denied = check_pass_role(ctx, **profile)) return std::unexpected(*denied);
  auto instances = resolve_instances(ctx, {*instance_id});
  if (!instances) return std::unexpected(instances.error());
  Instance& in = *instances->front();
  if (auto gone = settle_live_instance(ctx, in)) return std::unexpected(*gone);
  if (in.association) {
    return error(400, "IncorrectState", fmt::format("There is an existing association for instance {}", in.id));
  }
  in.association = new_association(ctx, **profile);
  RegionData& data = region_data(ctx);
  ctx.estate().assoc_index[in.association->id] = {ctx.caller.account, ctx.region, data.instance_index.at(in.id)};
  return association_reply(ctx, *in.association, in.id);
}

HandlerResult replace_iam_instance_profile_association(RequestContext& ctx) {
  if (auto unknown = reject_dry_run_parameter(ctx)) return std::unexpected(*unknown);
  const std::string* association_id = ctx.params.get("AssociationId");
  if (!association_id) return std::unexpected(missing_parameter("AssociationId"));
  auto profile = requested_profile(ctx, "IamInstanceProfile");
  if (!profile) return std::unexpected(profile.error());
  auto found = find_association(ctx, *association_id);
  if (!found) return std::unexpected(found.error());
  Instance& in = **found;
  if (auto denied = authorize(ctx, "ec2:ReplaceIamInstanceProfileAssociation", instance_arn(ctx, in.id))) {
    return std::unexpected(*denied);
  }
  if (auto denied = check_pass_role(ctx, **profile)) return std::unexpected(*denied);
  settle_instance(ctx, in);
  ctx.estate().assoc_index.erase(*association_id);
  in.association = new_association(ctx, **profile);
  ctx.estate().assoc_index[in.association->id] = {ctx.caller.account, ctx.region,
                                                  region_data(ctx).instance_index.at(in.id)};
  return association_reply(ctx, *in.association, in.id);
}

HandlerResult disassociate_iam_instance_profile(RequestContext& ctx) {
  if (auto unknown = reject_dry_run_parameter(ctx)) return std::unexpected(*unknown);
  const std::string* association_id = ctx.params.get("AssociationId");
  if (!association_id) return std::unexpected(missing_parameter("AssociationId"));
  auto found = find_association(ctx, *association_id);
  if (!found) return std::unexpected(found.error());
  Instance& in = **found;
  if (auto denied = authorize(ctx, "ec2:DisassociateIamInstanceProfile", instance_arn(ctx, in.id))) {
    return std::unexpected(*denied);
  }
  settle_instance(ctx, in);
  in.association->disassociated_seq = ctx.seq;
  return association_reply(ctx, *in.association, in.id);
}

}  // namespace rolecall::emulator::ec2
