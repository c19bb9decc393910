#pragma once
// Helpers shared by the EC2 handlers: id validation, lookups, DryRun, MaxResults and NextToken.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// i- and 8 or 17 lowercase hex digits.
bool valid_instance_id(const std::string& id);
// arn:<partition>:ec2:<region>:<account>:instance/<id>
std::string instance_arn(const RequestContext& ctx, const std::string& id);
// The caller's account data for the request region (always present for an enabled region).
RegionData& region_data(RequestContext& ctx);
// The instance `id` in the request's account and region if visible (terminated ones only for the
// configured window), else nullptr.
Instance* find_visible_instance(RequestContext& ctx, const std::string& id);
// True when `instance` is visible to the request (terminated ones for the configured window).
bool instance_visible(const RequestContext& ctx, const Instance& instance);
// Settles `instance`'s transitional state and association, keeping the association index in step.
void settle_instance(RequestContext& ctx, Instance& instance);

// Settles `instance`, then IncorrectInstanceState when it is terminated or shutting down.
std::optional<ApiError> settle_live_instance(RequestContext& ctx, Instance& instance);

// Authorizes `action` on `resource`, then answers DryRunOperation (412) when DryRun=true.
std::optional<ApiError> authorize_or_dry_run(const RequestContext& ctx, const std::string& action,
                                             const std::string& resource, bool final_check = true);
// DryRunOperation when DryRun=true (after every authorization check passed).
std::optional<ApiError> dry_run_answer(const RequestContext& ctx);
// UnknownParameter (400) when the request carries DryRun: the association calls have no DryRun
// member in the EC2 API, so AWS rejects it rather than dry-running.
std::optional<ApiError> reject_dry_run_parameter(const RequestContext& ctx);

// MaxResults bounded to [min, max]; nullopt when absent; InvalidParameterValue when malformed or out of range.
std::expected<std::optional<std::size_t>, ApiError> ec2_max_results(const RequestContext& ctx, std::size_t min,
                                                                    std::size_t max);
// The offset NextToken carries for `scope` (0 when absent); InvalidPaginationToken when forged.
std::expected<std::size_t, ApiError> ec2_start_offset(const RequestContext& ctx, const std::string& scope);
// InvalidParameterValue for the filter `name` that `operation` documents but the estate does not model.
ApiError unsupported_filter(const std::string& name, std::string_view operation);
// MissingParameter naming `name`.
ApiError missing_parameter(const std::string& name);
// InvalidInstanceID.Malformed / .NotFound for `ids` (checked in order); the instances otherwise.
std::expected<std::vector<Instance*>, ApiError> resolve_instances(RequestContext& ctx,
                                                                  const std::vector<std::string>& ids);

// The answer of StopInstances, StartInstances and TerminateInstances: `change` moves each of
// `instances` on, and its <item> shows the state before and after.
Reply state_change_response(RequestContext& ctx, const std::vector<Instance*>& instances,
                            const std::function<void(Instance&)>& change);

}  // namespace rolecall::emulator::ec2
