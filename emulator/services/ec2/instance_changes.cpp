// EC2 instance changes: TerminateInstances, ModifyInstanceMetadataOptions.
#include <fmt/format.h>

#include "emulator/estate/instance_xml.h"
#include "emulator/estate/launch.h"
#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {

HandlerResult terminate_instances(RequestContext& ctx) {
  std::vector<std::string> ids = ctx.params.list("InstanceId");
  if (ids.empty()) return std::unexpected(missing_parameter("InstanceId"));
  for (const auto& id : ids) {
    if (auto denied = authorize(ctx, "ec2:TerminateInstances", instance_arn(ctx, id))) return std::unexpected(*denied);
  }
  auto instances = resolve_instances(ctx, ids);
  if (!instances) return std::unexpected(instances.error());
  if (auto dry = dry_run_answer(ctx)) return std::unexpected(*dry);
  return state_change_response(ctx, *instances, [&ctx](Instance& in) {
    settle_instance(ctx, in);
    if (in.state != "terminated" && in.state != "shutting-down") {
      in.state = "shutting-down";
      in.state_seq = ctx.seq;
      // The instance's profile association ends with it.
      if (in.association) in.association->disassociated_seq = ctx.seq;
      release_public_address(ctx.account(), in);
    }
  });
}

HandlerResult modify_instance_metadata_options(RequestContext& ctx) {
  const std::string* id = ctx.params.get("InstanceId");
  if (!id) return std::unexpected(missing_parameter("InstanceId"));
  const std::string* tokens = ctx.params.get("HttpTokens");
  if (tokens && *tokens != "optional" && *tokens != "required") {
    return error(400, "InvalidParameterValue",
                 fmt::format("Value ({}) for parameter HttpTokens is invalid. Valid values are optional and required.",
                             *tokens));
  }
  if (auto denied = authorize(ctx, "ec2:ModifyInstanceMetadataOptions", instance_arn(ctx, *id))) {
    return std::unexpected(*denied);
  }
  auto instances = resolve_instances(ctx, {*id});
  if (!instances) return std::unexpected(instances.error());
  Instance& in = *instances->front();
  if (auto gone = settle_live_instance(ctx, in)) return std::unexpected(*gone);
  if (auto dry = dry_run_answer(ctx)) return std::unexpected(*dry);
  if (tokens) {
    in.http_tokens = *tokens;
    in.xml_static = render_instance_static(in, ctx.caller.account_id);
  }
  XmlWriter w = begin_response(ctx);
  w.leaf("instanceId", in.id);
  w.open("instanceMetadataOptions").leaf("state", "pending").leaf("httpTokens", in.http_tokens);
  w.leaf("httpPutResponseHopLimit", in.http_tokens == "required" ? 2LL : 1LL).leaf("httpEndpoint", "enabled");
  w.leaf("httpProtocolIpv6", "disabled").leaf("instanceMetadataTags", "disabled");
  w.close("instanceMetadataOptions");
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2
