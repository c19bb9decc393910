#include "aws/ops/query_call.h"

namespace rolecall::aws::ops {

ServiceCall make_query_call(const QueryService& service, std::string region, std::string action, QueryParams params,
                            ApiClass api_class) {
  ServiceCall call;
  call.service = std::string(service.endpoint);
  call.region = std::move(region);
  call.protocol = Protocol::kQuery;
  call.action = std::move(action);
  call.api_version = std::string(service.api_version);
  call.params = std::move(params);
  call.api_class = api_class;
  return call;
}

std::string operation_name(const ServiceCall& call) {
  if (call.service == kEc2.endpoint) return call.action + " in " + call.region;
  return call.service + ":" + call.action;
}

}  // namespace rolecall::aws::ops

namespace rolecall::aws::ec2 {

ServiceCall make_call(const std::string& region, std::string action, QueryParams params, ApiClass api_class) {
  return ops::make_query_call(ops::kEc2, region, std::move(action), std::move(params), api_class);
}

void add_filters(QueryParams& params, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) add_ec2_filter(params, f.name, f.values);
}

void add_dry_run(QueryParams& params, bool dry_run) {
  if (dry_run) params.emplace_back("DryRun", "true");
}

void add_paging(QueryParams& params, int max_results, const std::string& next_token) {
  if (max_results > 0) params.emplace_back("MaxResults", std::to_string(max_results));
  if (!next_token.empty()) params.emplace_back("NextToken", next_token);
}

ServiceCall make_describe_call(const std::string& region, std::string action, const std::string& id_name,
                               const std::vector<std::string>& ids, const std::vector<Filter>& filters, int max_results,
                               const std::string& next_token) {
  QueryParams params;
  add_ec2_list(params, id_name, ids);
  add_filters(params, filters);
  add_paging(params, max_results, next_token);
  return make_call(region, std::move(action), std::move(params));
}

bool is_dry_run_ok(const Error& error) { return error.code == kDryRunOperation; }

}  // namespace rolecall::aws::ec2

namespace rolecall::aws::iam {

ServiceCall make_call(std::string action, QueryParams params, ApiClass api_class) {
  return ops::make_query_call(ops::kIam, "", std::move(action), std::move(params), api_class);
}

void add_paging(QueryParams& params, const std::optional<int>& max_items, const std::string& marker) {
  if (max_items) params.emplace_back("MaxItems", std::to_string(*max_items));
  if (!marker.empty()) params.emplace_back("Marker", marker);
}

}  // namespace rolecall::aws::iam
