#include "emulator/services/autoscaling/common.h"

#include <fmt/format.h>

#include "base/sha256.h"

namespace rolecall::emulator::autoscaling {

RegionData& region_data(RequestContext& ctx) { return ctx.account().regions[ctx.region]; }

AutoScalingGroup* find_group(RequestContext& ctx, const std::string& name) {
  for (auto& g : region_data(ctx).auto_scaling_groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

std::string group_arn(const RequestContext& ctx, const std::string& name) {
  std::string h = base::sha256_hex(fmt::format("{}|{}|{}", ctx.caller.account_id, ctx.region, name));
  return fmt::format("arn:{}:autoscaling:{}:{}:autoScalingGroup:{}-{}-{}-{}-{}:autoScalingGroupName/{}",
                     ctx.partition(), ctx.region, ctx.caller.account_id, h.substr(0, 8), h.substr(8, 4),
                     h.substr(12, 4), h.substr(16, 4), h.substr(20, 12), name);
}

ApiError validation_error(std::string message) { return {400, "ValidationError", std::move(message), true}; }

}  // namespace rolecall::emulator::autoscaling
