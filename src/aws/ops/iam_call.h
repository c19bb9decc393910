#pragma once
// Plumbing shared by every operation in src/aws/ops: building a ServiceCall and turning the
// caller's outcome into a typed Result (errors gain the operation name, bodies go to parse_*).

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "aws/client.h"
#include "rolecall/error.h"

namespace rolecall::aws::ops {

// Completion of a typed operation.
template <typename T>
using OpCallback = std::function<void(Result<T>)>;

// IAM and STS Query API versions.
inline constexpr const char* kIamApiVersion = "2010-05-08";
inline constexpr const char* kStsApiVersion = "2011-06-15";

// A Query-protocol ServiceCall for `service`/`action` with `params` (Action/Version are added by
// the caller from `action`/`api_version`).
ServiceCall make_query_call(std::string service, std::string region, std::string action, std::string api_version,
                            QueryParams params, ApiClass api_class = ApiClass::kRead);

// An IAM call (global service: region left empty for the endpoint resolver).
ServiceCall make_iam_call(std::string action, QueryParams params, ApiClass api_class = ApiClass::kRead);

// Sends `call`; a failure gets "<operation>: " in front of its message (kind, code, request id
// kept); a 2xx body goes through `parse`, whose Result is handed to `done`.
template <typename T, typename Parse>
void run_op(AwsCaller& caller, ServiceCall call, std::string operation, Parse parse, OpCallback<T> done) {
  caller.call(std::move(call), [operation = std::move(operation), parse = std::move(parse),
                                done = std::move(done)](Result<ServiceResponse> response) {
    if (!response) {
      done(fail(response.error().with_context(operation)));
      return;
    }
    done(parse(response->body));
  });
}

// Hands `error` to `done` without calling the service (invalid request).
template <typename T>
void reject(const OpCallback<T>& done, std::string_view operation, std::string_view message) {
  done(fail(ErrorKind::kInvalidArgument, std::string(operation) + ": " + std::string(message)));
}

}  // namespace rolecall::aws::ops
