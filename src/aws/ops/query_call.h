#pragma once
// The plumbing every AWS operation in src/aws/ops shares: building a Query-protocol ServiceCall
// (Action= and Version= are added when it is sent), sending it through AwsCaller, naming the
// operation in its errors and handing the 2xx body to a parse_* function. What differs between
// the services is stated here, once:
//   EC2  Version 2016-11-15, one call per region; errors read "DescribeInstances in eu-west-1: ...";
//        lists are Name.N, filters Filter.N.Name/Value.M, pages MaxResults/NextToken; mutating
//        calls may send DryRun=true, and EC2's DryRunOperation answer then means success.
//   IAM  Version 2010-05-08, global (no region); errors read "iam:GetRole: ..."; lists are
//        Name.member.N, pages MaxItems/Marker with IsTruncated.
//   STS  Version 2011-06-15; errors read "sts:AssumeRole: ...".
// Organizations speaks JSON 1.1 but shares run_op and reject ("organizations:ListAccounts: ...").
// The error bodies themselves (EC2's <Response><Errors><Error> and IAM/STS's <ErrorResponse>) are
// told apart by parse_query_error (aws/protocol/errors.h) before an error reaches run_op.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/client.h"
#include "aws/protocol/query.h"
#include "rolecall/error.h"

namespace rolecall::aws::ops {

// Completion of a typed operation.
template <typename T>
using OpCallback = std::function<void(Result<T>)>;

// A Query-protocol service: where its calls go and the API version they send.
struct QueryService {
  std::string_view endpoint;     // ServiceCall::service, e.g. "ec2"
  std::string_view api_version;  // sent as Version=
};

inline constexpr QueryService kEc2{"ec2", "2016-11-15"};
inline constexpr QueryService kIam{"iam", "2010-05-08"};
inline constexpr QueryService kSts{"sts", "2011-06-15"};

// A Query-protocol ServiceCall of `service` for `action` in `region` with `params`.
ServiceCall make_query_call(const QueryService& service, std::string region, std::string action, QueryParams params,
                            ApiClass api_class = ApiClass::kRead);

// The operation as its errors name it: "DescribeInstances in eu-west-1" for EC2 (the same call
// runs in every region at once), "<service>:<Action>" ("iam:GetRole") for the others.
std::string operation_name(const ServiceCall& call);

// Sends `call`. A 2xx body goes through `parse` (called with the body as a std::string rvalue)
// and its Result to `done`. A failure gets operation_name(call) in front of its message (kind,
// code, request id kept), unless `recover` turns it into a T (std::optional<T>(const Error&)).
template <typename T, typename Parse, typename Recover>
void run_op(AwsCaller& caller, ServiceCall call, Parse parse, Recover recover, OpCallback<T> done) {
  std::string operation = operation_name(call);
  caller.call(std::move(call), [operation = std::move(operation), parse = std::move(parse),
                                recover = std::move(recover), done = std::move(done)](Result<ServiceResponse> r) {
    if (!r) {
      if (std::optional<T> recovered = recover(r.error())) {
        done(std::move(*recovered));
        return;
      }
      done(fail(r.error().with_context(operation)));
      return;
    }
    done(parse(std::move(r->body)));
  });
}

// run_op where every failure is an error.
template <typename T, typename Parse>
void run_op(AwsCaller& caller, ServiceCall call, Parse parse, OpCallback<T> done) {
  run_op<T>(
      caller, std::move(call), std::move(parse), [](const Error&) { return std::optional<T>(); }, std::move(done));
}

// Hands `done` a kInvalidArgument error "<operation>: <message>" without calling the service.
template <typename T>
void reject(const OpCallback<T>& done, std::string_view operation, std::string_view message) {
  done(fail(ErrorKind::kInvalidArgument, std::string(operation) + ": " + std::string(message)));
}

}  // namespace rolecall::aws::ops

namespace rolecall::aws::ec2 {

// Completion of one EC2 operation.
template <typename Response>
using Callback = ops::OpCallback<Response>;

// The error code EC2 answers (HTTP 412) when DryRun=true and the caller has the permission.
inline constexpr std::string_view kDryRunOperation = "DryRunOperation";

// The code of the kInvalidArgument error an operation returns for dry_run=true when the EC2 API
// has no DryRun parameter for it (the association calls): nothing is sent.
inline constexpr std::string_view kDryRunUnsupported = "DryRunUnsupported";

// One EC2 filter (Filter.N.Name / Filter.N.Value.M); values are OR-ed, filters AND-ed.
struct Filter {
  std::string name;                 // e.g. "instance-state-name", "tag:Owner"
  std::vector<std::string> values;  // at least one value
};

// An EC2 ServiceCall for `action` in `region` with `params`.
ServiceCall make_call(const std::string& region, std::string action, QueryParams params,
                      ApiClass api_class = ApiClass::kRead);

// Appends `filters` as Filter.N after any filters already in `params`.
void add_filters(QueryParams& params, const std::vector<Filter>& filters);

// Appends DryRun=true when `dry_run` is set.
void add_dry_run(QueryParams& params, bool dry_run);

// Appends MaxResults / NextToken when set (max_results 0 and an empty token are omitted).
void add_paging(QueryParams& params, int max_results, const std::string& next_token);

// The usual Describe* call: `ids` as <id_name>.N, then `filters`, then MaxResults/NextToken.
ServiceCall make_describe_call(const std::string& region, std::string action, const std::string& id_name,
                               const std::vector<std::string>& ids, const std::vector<Filter>& filters, int max_results,
                               const std::string& next_token);

// True when `error` is EC2's DryRunOperation answer: the dry run would have succeeded.
bool is_dry_run_ok(const Error& error);

// Mutating form of ops::run_op: when `dry_run` is set a DryRunOperation answer becomes a Response
// with dry_run_ok = true (and request_id set) instead of an error; every other error passes through.
template <typename Response, typename Parse>
void call_mutation(AwsCaller& caller, ServiceCall call, bool dry_run, Parse parse, Callback<Response> done) {
  ops::run_op<Response>(
      caller, std::move(call), std::move(parse),
      [dry_run](const Error& error) {
        std::optional<Response> ok;
        if (dry_run && is_dry_run_ok(error)) {
          ok.emplace();
          ok->dry_run_ok = true;
          ok->request_id = error.request_id;
        }
        return ok;
      },
      std::move(done));
}

}  // namespace rolecall::aws::ec2

namespace rolecall::aws::iam {

// An IAM call (global service: region left empty for the endpoint resolver).
ServiceCall make_call(std::string action, QueryParams params, ApiClass api_class = ApiClass::kRead);

// Appends MaxItems / Marker when set (an empty marker is omitted).
void add_paging(QueryParams& params, const std::optional<int>& max_items, const std::string& marker);

}  // namespace rolecall::aws::iam
