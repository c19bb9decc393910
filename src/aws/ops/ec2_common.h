#pragma once
// Pieces shared by every EC2 operation: the API version, filters, DryRun handling and the
// call-then-parse plumbing.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/client.h"
#include "aws/protocol/query.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// The EC2 Query API version every call sends as Version=.
inline constexpr std::string_view kApiVersion = "2016-11-15";

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

// Completion of one EC2 operation.
template <typename Response>
using Callback = std::function<void(Result<Response>)>;

// A ServiceCall for EC2 `action` in `region` with `params` (Action/Version are added by the caller).
ServiceCall make_call(const std::string& region, std::string action, QueryParams params,
                      ApiClass api_class = ApiClass::kRead);

// Appends `filters` as Filter.N after any filters already in `params`.
void add_filters(QueryParams& params, const std::vector<Filter>& filters);

// Appends DryRun=true when `dry_run` is set.
void add_dry_run(QueryParams& params, bool dry_run);

// Appends MaxResults / NextToken when set (max_results 0 and an empty token are omitted).
void add_paging(QueryParams& params, int max_results, const std::string& next_token);

// True when `error` is EC2's DryRunOperation answer: the dry run would have succeeded.
bool is_dry_run_ok(const Error& error);

// Sends `call`; a 2xx body goes through `parse`, an error gets "<action> in <region>" context.
template <typename Response>
void call_and_parse(AwsCaller& caller, ServiceCall call, std::function<Result<Response>(ServiceResponse)> parse,
                    Callback<Response> done) {
  std::string context = call.action + " in " + call.region;
  caller.call(std::move(call), [parse = std::move(parse), done = std::move(done),
                                context = std::move(context)](Result<ServiceResponse> r) {
    if (!r) {
      done(std::unexpected(r.error().with_context(context)));
      return;
    }
    done(parse(std::move(*r)));
  });
}

// Mutating form: when `dry_run` is set a DryRunOperation answer becomes a Response with
// dry_run_ok = true (and request_id set) instead of an error; every other error passes through.
template <typename Response>
void call_mutation(AwsCaller& caller, ServiceCall call, bool dry_run,
                   std::function<Result<Response>(ServiceResponse)> parse, Callback<Response> done) {
  std::string context = call.action + " in " + call.region;
  caller.call(std::move(call), [parse = std::move(parse), done = std::move(done), context = std::move(context),
                                dry_run](Result<ServiceResponse> r) {
    if (!r) {
      if (dry_run && is_dry_run_ok(r.error())) {
        Response ok;
        ok.dry_run_ok = true;
        ok.request_id = r.error().request_id;
        done(std::move(ok));
        return;
      }
      done(std::unexpected(r.error().with_context(context)));
      return;
    }
    done(parse(std::move(*r)));
  });
}

}  // namespace rolecall::aws::ec2
