#include "aws/ops/sts_blocking.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/ops/sts.h"
#include "aws/protocol/errors.h"
#include "aws/sigv4.h"

namespace rolecall::aws {
namespace {

// The standard policy's class of a failed attempt; the identity provider's endpoint being
// unreachable from STS is transient for web identity, as in the SDKs.
FailureClass failure_class(const Error& error, bool web_identity) {
  if (web_identity && error.code == "IDPCommunicationError") return FailureClass::kTransient;
  return classify_failure(error);
}

}  // namespace

BlockingStsApi::BlockingStsApi(BlockingHttpClient& http, const base::Clock& clock, EndpointOverrides overrides,
                               SleepFn sleep, RetryOptions retry)
    : http_(http), clock_(clock), overrides_(std::move(overrides)), sleep_(std::move(sleep)), retry_(retry) {}

Result<HttpResponse> BlockingStsApi::send(const std::function<Result<HttpRequest>()>& build, std::string_view context,
                                          bool web_identity) {
  // Per call (the quota cannot run dry across calls; threads resolving accounts share this
  // object) and without jitter: the waits are exactly base_delay, doubling.
  RetryStrategy strategy(retry_, [] { return 1.0; });
  RetryStrategy::CallState state;
  for (;;) {
    auto request = build();
    if (!request) return fail(request.error().with_context(std::string(context)));
    auto response = http_.fetch(*request);
    if (response && response->status >= 200 && response->status < 300) return response;
    Error last = response ? parse_query_error(response->status, response->body) : response.error();
    const FailureClass failure = failure_class(last, web_identity);
    const RetryDecision decision = strategy.on_failure(state, failure);
    if (!decision.retry) {
      if (failure != FailureClass::kNotRetryable && state.attempts > 1) {
        last.message += fmt::format(" ({})", decision.reason);
      }
      return fail(last.with_context(std::string(context)));
    }
    if (sleep_) sleep_(decision.delay);
  }
}

RetryOptions BlockingStsApi::default_retry() {
  RetryOptions options;
  options.max_attempts = 3;
  options.base_delay = std::chrono::milliseconds(200);
  options.throttling_base_delay = options.base_delay;
  options.max_backoff = std::chrono::milliseconds(5000);
  options.throttling_max_attempts = 0;  // throttling gets max_attempts, like every other failure
  return options;
}

Result<Credentials> BlockingStsApi::assume_role(const Credentials& source, const AssumeRoleParams& params) {
  const std::string context = fmt::format("sts:AssumeRole {}", params.role_arn);
  if (params.role_arn.empty()) return fail(ErrorKind::kInvalidArgument, "sts:AssumeRole: role ARN is empty");
  if (params.role_session_name.empty()) {
    return fail(ErrorKind::kInvalidArgument, context + ": role session name is empty");
  }
  if (source.access_key_id.empty() || source.secret_access_key.empty()) {
    return fail(ErrorKind::kCredentials, context + ": no source credentials to sign the request with");
  }
  auto endpoint = resolve_endpoint("sts", sts::sts_region(params.region), overrides_);
  if (!endpoint) return fail(endpoint.error().with_context(context));
  const ServiceCall call = sts::assume_role_call(params);

  auto build = [&]() -> Result<HttpRequest> {
    HttpRequest request = sts::build_query_request(call, *endpoint);
    sigv4::SigningParams signing;
    signing.access_key_id = source.access_key_id;
    signing.secret_access_key = source.secret_access_key;
    signing.session_token = source.session_token;
    signing.region = endpoint->signing_region;
    signing.service = endpoint->signing_name;
    signing.time = clock_.now();
    auto signed_request = sigv4::sign_request(request, signing);
    if (!signed_request) return fail(signed_request.error());
    return request;
  };
  auto response = send(build, context, false);
  if (!response) return fail(response.error());
  auto parsed = sts::parse_assume_role(response->body);
  if (!parsed) return fail(parsed.error().with_context(params.role_arn));
  return std::move(parsed->credentials);
}

Result<Credentials> BlockingStsApi::assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) {
  const std::string context = fmt::format("sts:AssumeRoleWithWebIdentity {}", params.role_arn);
  if (params.role_arn.empty()) {
    return fail(ErrorKind::kInvalidArgument, "sts:AssumeRoleWithWebIdentity: role ARN is empty");
  }
  if (params.role_session_name.empty()) {
    return fail(ErrorKind::kInvalidArgument, context + ": role session name is empty");
  }
  if (params.web_identity_token.empty()) {
    return fail(ErrorKind::kCredentials, context + ": the web identity token is empty");
  }
  auto endpoint = resolve_endpoint("sts", sts::sts_region(params.region), overrides_);
  if (!endpoint) return fail(endpoint.error().with_context(context));
  const HttpRequest request = sts::build_assume_role_with_web_identity_request(params, *endpoint);
  auto response = send([&]() -> Result<HttpRequest> { return request; }, context, true);
  if (!response) return fail(response.error());
  auto parsed = sts::parse_assume_role_with_web_identity(response->body);
  if (!parsed) return fail(parsed.error().with_context(params.role_arn));
  return std::move(parsed->credentials);
}

}  // namespace rolecall::aws
