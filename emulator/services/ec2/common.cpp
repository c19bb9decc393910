#include "emulator/services/ec2/common.h"

#include <charconv>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {

bool valid_instance_id(const std::string& id) {
  if (!id.starts_with("i-") || (id.size() != 10 && id.size() != 19)) return false;
  for (std::size_t i = 2; i < id.size(); ++i) {
    char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string instance_arn(const RequestContext& ctx, const std::string& id) {
  return fmt::format("arn:{}:ec2:{}:{}:instance/{}", ctx.partition(), ctx.region, ctx.caller.account_id, id);
}

RegionData& region_data(RequestContext& ctx) {
  // Never insert: readers hold only a shared lock. Authentication admits enabled estate regions only.
  auto& regions = ctx.account().regions;
  auto it = regions.find(ctx.region);
  if (it != regions.end()) return it->second;
  static RegionData empty;
  return empty;
}

bool instance_visible(const RequestContext& ctx, const Instance& instance) {
  if (effective_state(instance, ctx.seq) != "terminated") return true;
  if (instance.terminated_at.time_since_epoch().count() == 0) return true;
  return ctx.now - instance.terminated_at <= ctx.core.options.terminated_visibility;
}

Instance* find_visible_instance(RequestContext& ctx, const std::string& id) {
  RegionData& data = region_data(ctx);
  auto it = data.instance_index.find(id);
  if (it == data.instance_index.end()) return nullptr;
  Instance& instance = data.instances[it->second];
  return instance_visible(ctx, instance) ? &instance : nullptr;
}

void settle_instance(RequestContext& ctx, Instance& instance) {
  std::string gone = instance.association ? instance.association->id : std::string();
  settle(instance, ctx.seq, ctx.now);
  if (!gone.empty() && !instance.association) ctx.estate().assoc_index.erase(gone);
}

std::optional<ApiError> settle_live_instance(RequestContext& ctx, Instance& instance) {
  settle_instance(ctx, instance);
  if (instance.state == "terminated" || instance.state == "shutting-down") {
    return ApiError{400, "IncorrectInstanceState",
                    fmt::format("The instance '{}' is not in a valid state for this operation.", instance.id), true};
  }
  return std::nullopt;
}

std::optional<ApiError> dry_run_answer(const RequestContext& ctx) {
  if (ctx.params.flag("DryRun")) {
    return ApiError{412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.", true};
  }
  return std::nullopt;
}

std::optional<ApiError> reject_dry_run_parameter(const RequestContext& ctx) {
  if (ctx.params.get("DryRun") != nullptr) {
    return ApiError{400, "UnknownParameter", "The parameter DryRun is not recognized", true};
  }
  return std::nullopt;
}

std::optional<ApiError> authorize_or_dry_run(const RequestContext& ctx, const std::string& action,
                                             const std::string& resource, bool final_check) {
  if (auto denied = authorize(ctx, action, resource)) return denied;
  return final_check ? dry_run_answer(ctx) : std::nullopt;
}

std::expected<std::optional<std::size_t>, ApiError> ec2_max_results(const RequestContext& ctx, std::size_t min,
                                                                    std::size_t max) {
  const std::string* text = ctx.params.get("MaxResults");
  if (!text) return std::optional<std::size_t>{};
  long long n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size()) {
    return std::unexpected(ApiError{400, "InvalidParameterValue",
                                    fmt::format("Invalid value '{}' for parameter maxResults", *text), true});
  }
  if (n < static_cast<long long>(min) || n > static_cast<long long>(max)) {
    return std::unexpected(
        ApiError{400, "InvalidParameterValue",
                 fmt::format("Value ( {} ) for parameter maxResults is invalid. Expecting a value between {} and {}.",
                             n, min, max),
                 true});
  }
  return std::optional<std::size_t>(static_cast<std::size_t>(n));
}

std::expected<std::size_t, ApiError> ec2_start_offset(const RequestContext& ctx, const std::string& scope) {
  const std::string* token = ctx.params.get("NextToken");
  if (!token) return 0;
  auto offset = read_page_token(ctx.core, scope, *token);
  if (!offset) {
    return std::unexpected(
        ApiError{400, "InvalidPaginationToken", "The specified pagination token is not valid or is expired.", true});
  }
  return *offset;
}

ApiError missing_parameter(const std::string& name) {
  return {400, "MissingParameter", fmt::format("The request must contain the parameter {}", name), true};
}

std::expected<std::vector<Instance*>, ApiError> resolve_instances(RequestContext& ctx,
                                                                  const std::vector<std::string>& ids) {
  std::vector<Instance*> out;
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (!valid_instance_id(id)) {
      return std::unexpected(ApiError{400, "InvalidInstanceID.Malformed", fmt::format("Invalid id: \"{}\"", id), true});
    }
  }
  for (const auto& id : ids) {
    Instance* instance = find_visible_instance(ctx, id);
    if (!instance)
      missing.push_back(id);
    else
      out.push_back(instance);
  }
  if (missing.size() == 1) {
    return std::unexpected(ApiError{400, "InvalidInstanceID.NotFound",
                                    fmt::format("The instance ID '{}' does not exist", missing.front()), true});
  }
  if (!missing.empty()) {
    return std::unexpected(ApiError{400, "InvalidInstanceID.NotFound",
                                    fmt::format("The instance IDs '{}' do not exist", fmt::join(missing, ", ")), true});
  }
  return out;
}

ApiError unsupported_filter(const std::string& name, std::string_view operation) {
  return {400, "InvalidParameterValue",
          fmt::format("The filter '{}' is documented for {} but not supported by rolecall-emulator (the estate "
                      "does not model it)",
                      name, operation),
          true};
}

Reply state_change_response(RequestContext& ctx, const std::vector<Instance*>& instances,
                            const std::function<void(Instance&)>& change) {
  XmlWriter w = begin_response(ctx);
  w.open("instancesSet");
  for (Instance* in : instances) {
    std::string previous = in->state;
    change(*in);
    w.open("item").leaf("instanceId", in->id);
    w.open("currentState").leaf("code", state_code(in->state)).leaf("name", in->state).close("currentState");
    w.open("previousState").leaf("code", state_code(previous)).leaf("name", previous).close("previousState");
    w.close("item");
  }
  w.close("instancesSet");
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2
