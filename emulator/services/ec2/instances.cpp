// EC2 instance operations: DescribeInstances, DescribeInstanceAttribute, StopInstances, StartInstances.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "emulator/estate/instance_xml.h"
#include "emulator/estate/network_loader.h"
#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/instance_filters.h"
#include "emulator/services/ec2/render.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

std::string filter_scope(const RequestContext& ctx, const Filters& filters) {
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, ctx.region);
  for (const auto& [name, values] : filters) scope += fmt::format("|{}={}", name, fmt::join(values, ","));
  return scope;
}

}  // namespace

HandlerResult describe_instances(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeInstances", "*")) return std::unexpected(*denied);
  std::vector<std::string> ids = ctx.params.list("InstanceId");
  auto max = ec2_max_results(ctx, 5, 1000);
  if (!max) return std::unexpected(max.error());
  if (*max && !ids.empty()) {
    return error(400, "InvalidParameterCombination",
                 "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  Filters filters = ctx.params.filters();
  if (auto bad = check_instance_filters(filters)) return std::unexpected(*bad);
  XmlWriter w = begin_response(ctx);
  const std::string& account_id = ctx.caller.account_id;
  if (!ids.empty()) {
    auto instances = resolve_instances(ctx, ids);
    if (!instances) return std::unexpected(instances.error());
    w.open("reservationSet");
    ReservationWriter reservations(w, account_id);
    for (const Instance* in : *instances) {
      if (instance_matches(*in, account_id, filters, ctx.seq)) reservations.add(*in, ctx.seq);
    }
    reservations.finish();
    w.close("reservationSet");
    return end_response(w, ctx);
  }
  std::string scope = filter_scope(ctx, filters);
  auto offset = ec2_start_offset(ctx, scope);
  if (!offset) return std::unexpected(offset.error());
  std::size_t limit = max->value_or(static_cast<std::size_t>(-1));
  // Offsets index the region's instance list, so a page boundary is stable while filters skip.
  const RegionData& data = region_data(ctx);
  std::size_t i = *offset;
  std::size_t emitted = 0;
  w.buffer().reserve(std::min<std::size_t>(data.instances.size(), limit) * 1800 + 512);
  w.open("reservationSet");
  ReservationWriter reservations(w, account_id);
  for (; i < data.instances.size() && emitted < limit; ++i) {
    const Instance& in = data.instances[i];
    if (!instance_visible(ctx, in) || !instance_matches(in, account_id, filters, ctx.seq)) continue;
    reservations.add(in, ctx.seq);
    ++emitted;
  }
  reservations.finish();
  w.close("reservationSet");
  if (i < data.instances.size()) {
    // Only promise a next page when one more visible match exists.
    bool more = false;
    for (std::size_t k = i; k < data.instances.size() && !more; ++k) {
      more =
          instance_visible(ctx, data.instances[k]) && instance_matches(data.instances[k], account_id, filters, ctx.seq);
    }
    if (more) w.leaf("nextToken", make_page_token(ctx.core, scope, i));
  }
  return end_response(w, ctx);
}

HandlerResult describe_instance_attribute(RequestContext& ctx) {
  const std::string* id = ctx.params.get("InstanceId");
  if (!id) return std::unexpected(missing_parameter("InstanceId"));
  const std::string* attribute = ctx.params.get("Attribute");
  if (!attribute) return std::unexpected(missing_parameter("Attribute"));
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeInstanceAttribute", instance_arn(ctx, *id))) {
    return std::unexpected(*denied);
  }
  auto instances = resolve_instances(ctx, {*id});
  if (!instances) return std::unexpected(instances.error());
  const Instance& in = *instances->front();
  XmlWriter w = begin_response(ctx);
  w.leaf("instanceId", in.id);
  const std::string& name = *attribute;
  auto value = [&](std::string_view v) { w.open(name).leaf("value", v).close(name); };
  auto flag = [&](bool v) { w.open(name).leaf_bool("value", v).close(name); };
  if (name == "userData" || name == "kernel" || name == "ramdisk" || name == "sriovNetSupport") {
    // Unset values answer an empty element, as EC2 does.
    if (name == "userData" && !in.user_data.empty())
      value(in.user_data);
    else
      w.empty(name);
  } else if (name == "instanceType") {
    value(in.instance_type);
  } else if (name == "rootDeviceName") {
    value("/dev/xvda");
  } else if (name == "instanceInitiatedShutdownBehavior") {
    value("stop");
  } else if (name == "disableApiTermination" || name == "disableApiStop" || name == "ebsOptimized") {
    flag(false);
  } else if (name == "sourceDestCheck" || name == "enaSupport") {
    flag(true);
  } else if (name == "enclaveOptions") {
    w.open(name).leaf_bool("enabled", false).close(name);
  } else if (name == "productCodes") {
    w.empty(name);
  } else if (name == "blockDeviceMapping") {
    render_block_devices(w, in);
  } else if (name == "groupSet") {
    render_groups(w, in);
  } else {
    return error(400, "InvalidParameterValue",
                 fmt::format("Value ({}) for parameter attribute is invalid. Unknown attribute.", name));
  }
  return end_response(w, ctx);
}

namespace {

HandlerResult change_state(RequestContext& ctx, bool stop) {
  std::vector<std::string> ids = ctx.params.list("InstanceId");
  if (ids.empty()) return std::unexpected(missing_parameter("InstanceId"));
  const std::string action = stop ? "ec2:StopInstances" : "ec2:StartInstances";
  for (const auto& id : ids) {
    if (auto denied = authorize(ctx, action, instance_arn(ctx, id))) return std::unexpected(*denied);
  }
  auto instances = resolve_instances(ctx, ids);
  if (!instances) return std::unexpected(instances.error());
  for (Instance* in : *instances) {
    settle_instance(ctx, *in);
    const std::string& s = in->state;
    if (stop) {
      if (s == "terminated" || s == "shutting-down") {
        return error(400, "IncorrectInstanceState",
                     fmt::format("This instance '{}' is not in a state from which it can be stopped.", in->id));
      }
      if (in->root_device_type != "ebs") {
        return error(
            400, "UnsupportedOperation",
            fmt::format("The instance '{}' does not have an 'ebs' root device type and cannot be stopped.", in->id));
      }
    } else if (s == "terminated" || s == "shutting-down" || s == "stopping") {
      return error(400, "IncorrectInstanceState",
                   fmt::format("The instance '{}' is not in a state from which it can be started.", in->id));
    }
  }
  if (auto dry = dry_run_answer(ctx)) return std::unexpected(*dry);
  return state_change_response(ctx, *instances, [&ctx, stop](Instance& in) {
    if (stop && (in.state == "running" || in.state == "pending")) {
      in.state = "stopping";
      in.state_seq = ctx.seq;
      // EC2 releases the auto-assigned public IPv4 address on stop (an Elastic IP stays) ...
      if (in.eip_allocation_id.empty()) in.public_ip.clear();
    } else if (!stop && in.state == "stopped") {
      in.state = "pending";
      in.state_seq = ctx.seq;
      // ... and assigns a new one on start.
      load::assign_public_ip(ctx.estate(), ctx.account(), in, ctx.seq);
    } else {
      return;
    }
    in.xml_static = render_instance_static(in, ctx.caller.account_id);
  });
}

}  // namespace

HandlerResult stop_instances(RequestContext& ctx) { return change_state(ctx, true); }
HandlerResult start_instances(RequestContext& ctx) { return change_state(ctx, false); }

}  // namespace rolecall::emulator::ec2
