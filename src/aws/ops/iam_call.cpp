#include "aws/ops/iam_call.h"

namespace rolecall::aws::ops {

ServiceCall make_query_call(std::string service, std::string region, std::string action, std::string api_version,
                            QueryParams params, ApiClass api_class) {
  ServiceCall call;
  call.service = std::move(service);
  call.region = std::move(region);
  call.protocol = Protocol::kQuery;
  call.action = std::move(action);
  call.api_version = std::move(api_version);
  call.params = std::move(params);
  call.api_class = api_class;
  return call;
}

ServiceCall make_iam_call(std::string action, QueryParams params, ApiClass api_class) {
  return make_query_call("iam", "", std::move(action), kIamApiVersion, std::move(params), api_class);
}

}  // namespace rolecall::aws::ops
