// EC2 instance operations: DescribeInstances, DescribeInstanceAttribute, StopInstances, StartInstances.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/glob.h"
#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/render.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

using Filters = std::vector<std::pair<std::string, std::vector<std::string>>>;

bool any_matches(const std::vector<std::string>& patterns, const std::string& value) {
  for (const auto& p : patterns) {
    if (base::glob_match(p, value, false)) return true;
  }
  return false;
}

std::optional<ApiError> check_filters(const Filters& filters) {
  for (const auto& [name, values] : filters) {
    bool known = name == "instance-state-name" || name == "instance-id" || name == "iam-instance-profile.arn" ||
                 name == "instance-type" || name == "availability-zone" || name == "tag-key" ||
                 name.starts_with("tag:");
    if (!known) return ApiError{400, "InvalidParameterValue", fmt::format("The filter '{}' is invalid", name), true};
  }
  return std::nullopt;
}

bool matches_filters(const Instance& in, const Filters& filters, std::uint64_t seq) {
  for (const auto& [name, values] : filters) {
    if (name == "instance-state-name") {
      if (!any_matches(values, effective_state(in, seq))) return false;
    } else if (name == "instance-id") {
      if (!any_matches(values, in.id)) return false;
    } else if (name == "iam-instance-profile.arn") {
      const Association* a = effective_association(in, seq);
      if (!a || a->disassociated_seq != 0 || !any_matches(values, a->profile_arn)) return false;
    } else if (name == "instance-type") {
      if (!any_matches(values, in.instance_type)) return false;
    } else if (name == "availability-zone") {
      if (!any_matches(values, in.availability_zone)) return false;
    } else if (name == "tag-key") {
      bool hit = false;
      for (const auto& [k, v] : in.tags) hit = hit || any_matches(values, k);
      if (!hit) return false;
    } else if (name.starts_with("tag:")) {
      std::string key = name.substr(4);
      bool hit = false;
      for (const auto& [k, v] : in.tags) hit = hit || (k == key && any_matches(values, v));
      if (!hit) return false;
    }
  }
  return true;
}

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
  if (auto bad = check_filters(filters)) return std::unexpected(*bad);
  XmlWriter w = begin_response(ctx);
  const std::string& account_id = ctx.caller.account_id;
  if (!ids.empty()) {
    auto instances = resolve_instances(ctx, ids);
    if (!instances) return std::unexpected(instances.error());
    w.open("reservationSet");
    for (const Instance* in : *instances) {
      if (matches_filters(*in, filters, ctx.seq)) render_reservation(w, *in, account_id, ctx.seq);
    }
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
  for (; i < data.instances.size() && emitted < limit; ++i) {
    const Instance& in = data.instances[i];
    if (!instance_visible(ctx, in) || !matches_filters(in, filters, ctx.seq)) continue;
    render_reservation(w, in, account_id, ctx.seq);
    ++emitted;
  }
  w.close("reservationSet");
  if (i < data.instances.size()) {
    // Only promise a next page when one more visible match exists.
    bool more = false;
    for (std::size_t k = i; k < data.instances.size() && !more; ++k) {
      more = instance_visible(ctx, data.instances[k]) && matches_filters(data.instances[k], filters, ctx.seq);
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
  if (*attribute == "userData") {
    if (in.user_data.empty())
      w.empty("userData");
    else
      w.open("userData").leaf("value", in.user_data).close("userData");
  } else if (*attribute == "instanceType") {
    w.open("instanceType").leaf("value", in.instance_type).close("instanceType");
  } else if (*attribute == "rootDeviceName") {
    w.open("rootDeviceName").leaf("value", "/dev/xvda").close("rootDeviceName");
  } else if (*attribute == "disableApiTermination" || *attribute == "disableApiStop") {
    w.open(*attribute).leaf("value", "false").close(*attribute);
  } else {
    return error(400, "InvalidParameterValue",
                 fmt::format("Value ({}) for parameter attribute is invalid. Unknown attribute.", *attribute));
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
  XmlWriter w = begin_response(ctx);
  w.open("instancesSet");
  for (Instance* in : *instances) {
    std::string previous = in->state;
    if (stop && (previous == "running" || previous == "pending")) {
      in->state = "stopping";
      in->state_seq = ctx.seq;
    } else if (!stop && previous == "stopped") {
      in->state = "pending";
      in->state_seq = ctx.seq;
    }
    w.open("item").leaf("instanceId", in->id);
    w.open("currentState").leaf("code", state_code(in->state)).leaf("name", in->state).close("currentState");
    w.open("previousState").leaf("code", state_code(previous)).leaf("name", previous).close("previousState");
    w.close("item");
  }
  w.close("instancesSet");
  return end_response(w, ctx);
}

}  // namespace

HandlerResult stop_instances(RequestContext& ctx) { return change_state(ctx, true); }
HandlerResult start_instances(RequestContext& ctx) { return change_state(ctx, false); }

}  // namespace rolecall::emulator::ec2
