#include "aws/ops/ec2_common.h"

namespace rolecall::aws::ec2 {

ServiceCall make_call(const std::string& region, std::string action, QueryParams params, ApiClass api_class) {
  ServiceCall call;
  call.service = "ec2";
  call.region = region;
  call.protocol = Protocol::kQuery;
  call.action = std::move(action);
  call.api_version = std::string(kApiVersion);
  call.params = std::move(params);
  call.api_class = api_class;
  return call;
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

bool is_dry_run_ok(const Error& error) { return error.code == kDryRunOperation; }

}  // namespace rolecall::aws::ec2
