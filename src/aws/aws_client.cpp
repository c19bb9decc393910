#include "aws/aws_client.h"

#include <curl/curl.h>

#include <optional>

#include <fmt/format.h>

#include "aws/protocol/errors.h"
#include "aws/protocol/query.h"
#include "aws/sigv4.h"
#include "rolecall/build_info.h"

namespace rolecall::aws {
namespace {

// True for a DescribeInstances request with no ids, no filters and no MaxResults: EC2 throttles
// those in a bucket of their own ("Request throttling for the Amazon EC2 API": unfiltered and
// unpaginated), as the emulator does.
bool unfiltered_unpaginated(const ServiceCall& call) {
  if (call.service != "ec2" || call.action != "DescribeInstances") return false;
  for (const auto& [name, value] : call.params) {
    if (name != "DryRun") return false;
  }
  return true;
}

using std::chrono::system_clock;

// SigV4 accepts requests up to 5 minutes off; beyond 4 an ambiguous signature error is skew.
constexpr auto kAmbiguousSkewThreshold = std::chrono::minutes(4);
// Date headers have one-second resolution: smaller offsets cannot be measured.
constexpr auto kMeasurableSkew = std::chrono::seconds(2);

// Codes that mean "bad signature", which is what a skewed clock looks like to some services.
bool is_ambiguous_skew_code(std::string_view code) {
  return code == "SignatureDoesNotMatch" || code == "InvalidSignatureException" || code == "AuthFailure";
}

// Parses an HTTP Date header (RFC 7231 IMF-fixdate and the obsolete forms).
std::optional<system_clock::time_point> parse_http_date(const std::string& text) {
  if (text.empty()) return std::nullopt;
  time_t t = curl_getdate(text.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return system_clock::from_time_t(t);
}

}  // namespace

struct AwsClient::CallState {
  ServiceCall call;
  ServiceCallback done;
  Endpoint endpoint;
  std::string limiter_key;
  HttpRequest unsigned_request;
  HttpRequest sent;  // the latest signed attempt, for the wire log
  std::chrono::steady_clock::time_point sent_at;
  RetryStrategy::CallState retry;
  bool skew_retried = false;
};

HttpRequest build_request(const ServiceCall& call, const Endpoint& endpoint, const std::string& user_agent) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint.url + "/";
  request.pool = fmt::format("{}#{}/{}", endpoint.url, endpoint.signing_region, call.service);
  request.set_header("User-Agent", user_agent);
  if (call.protocol == Protocol::kQuery) {
    request.body = encode_query_body(call.action, call.api_version, call.params);
    request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  } else if (call.protocol == Protocol::kRestXml) {
    // S3: path-style against an endpoint override (the emulator, MinIO), virtual-hosted against AWS.
    request.method = call.rest_method;
    request.body = call.rest_body;
    if (!call.rest_content_type.empty()) request.set_header("Content-Type", call.rest_content_type);
    const std::string key = sigv4::uri_encode(call.rest_path.empty() ? "/" : call.rest_path, true);
    if (call.rest_bucket.empty()) {
      request.url = endpoint.url + key;
    } else if (endpoint.overridden) {
      // "/bucket" for the bucket's own operations (as the AWS CLI sends them), "/bucket/key" for objects.
      request.url = endpoint.url + "/" + sigv4::uri_encode(call.rest_bucket, false) + (key == "/" ? "" : key);
    } else {
      const auto host = endpoint.url.find("://") + 3;
      request.url = endpoint.url.substr(0, host) + call.rest_bucket + "." + endpoint.url.substr(host) + key;
    }
    if (!call.rest_query.empty()) request.url += "?" + encode_form(call.rest_query);
  } else if (call.protocol == Protocol::kRestJson) {
    // REST-JSON: the operation is the path; its members travel in a plain JSON body.
    request.url = endpoint.url + call.rest_path;
    request.body = call.json_body.empty() ? "{}" : call.json_body;
    request.set_header("Content-Type", "application/json");
  } else {
    request.body = call.json_body.empty() ? "{}" : call.json_body;
    request.set_header("Content-Type", call.protocol == Protocol::kJson10 ? "application/x-amz-json-1.0"
                                                                          : "application/x-amz-json-1.1");
    request.set_header("X-Amz-Target", call.json_target);
  }
  return request;
}

std::string request_id_header(const HttpResponse& response) {
  std::string id = response.header("x-amzn-RequestId");
  return id.empty() ? response.header("x-amz-request-id") : id;
}

AwsClient::AwsClient(EventLoop& loop, HttpTransport& transport, std::shared_ptr<CredentialsProvider> credentials,
                     std::string account_label, RateLimiterRegistry* limiter, AwsClientOptions options)
    : loop_(loop),
      transport_(transport),
      credentials_(std::move(credentials)),
      account_label_(std::move(account_label)),
      limiter_(limiter),
      options_(std::move(options)),
      retry_(options_.retry, options_.random) {
  if (options_.user_agent.empty()) options_.user_agent = fmt::format("rolecall/{}", rolecall::kVersion);
}

std::string AwsClient::rate_limit_key(const ServiceCall& call, const Endpoint& endpoint) const {
  // EC2 gives every API its own token bucket ("Request throttling for the Amazon EC2 API"): one
  // limiter per action, so a throttled DescribeInstanceAttribute never slows DescribeInstances.
  // The other services throttle the account as a whole, read and write apart.
  std::string_view bucket = call.service == "ec2"                 ? std::string_view(call.action)
                            : call.api_class == ApiClass::kMutate ? "mutate"
                                                                  : "read";
  // An unfiltered, unpaginated Describe has a smaller bucket of its own (50, refilled at 10/s),
  // apart from the same action's filtered or paginated requests.
  std::string_view suffix = unfiltered_unpaginated(call) ? ":unfiltered" : "";
  return fmt::format("{}/{}/{}/{}{}", account_label_, call.service, endpoint.signing_region, bucket, suffix);
}

void AwsClient::call(ServiceCall call, ServiceCallback done) {
  auto state = std::make_shared<CallState>();
  state->call = std::move(call);
  state->done = std::move(done);
  auto endpoint = resolve_endpoint(state->call.service, state->call.region, options_.endpoints);
  if (!endpoint) {
    // Through the loop, so `done` never runs inside call().
    loop_.post([this, state, error = endpoint.error()] { finish(state, fail(error)); });
    return;
  }
  state->endpoint = std::move(*endpoint);
  state->limiter_key = rate_limit_key(state->call, state->endpoint);
  state->unsigned_request = build_request(state->call, state->endpoint, options_.user_agent);
  attempt(std::move(state));
}

void AwsClient::attempt(std::shared_ptr<CallState> state, bool retry) {
  if (limiter_ != nullptr) {
    limiter_->acquire(
        state->limiter_key, [this, state] { send_attempt(state); }, retry);
  } else {
    loop_.post([this, state] { send_attempt(state); });
  }
}

void AwsClient::send_attempt(std::shared_ptr<CallState> state) {
  auto credentials = credentials_->resolve();
  if (!credentials) {
    if (limiter_ != nullptr) limiter_->release(state->limiter_key);
    Error error = credentials.error();
    error.kind = ErrorKind::kCredentials;  // never retried: another attempt would fail the same way
    finish(state, fail(error));
    return;
  }
  state->sent = state->unsigned_request;
  sigv4::SigningParams params;
  params.access_key_id = credentials->access_key_id;
  params.secret_access_key = credentials->secret_access_key;
  params.session_token = credentials->session_token;
  params.region = state->endpoint.signing_region;
  params.service = state->endpoint.signing_name;
  params.time = loop_.clock().now() + clock_offset_;
  if (state->call.protocol == Protocol::kRestXml) {
    params.normalize_path = false;  // S3 keys are taken as written
    params.sign_body = true;        // S3 requires x-amz-content-sha256
  }
  if (auto signed_ok = sigv4::sign_request(state->sent, params); !signed_ok) {
    if (limiter_ != nullptr) limiter_->release(state->limiter_key);
    finish(state, fail(signed_ok.error().with_context("signing " + state->call.action)));
    return;
  }
  if (options_.wire_log != nullptr) options_.wire_log->request(state->sent);
  state->sent_at = loop_.clock().monotonic();
  transport_.send(state->sent, [this, state](Result<HttpResponse> outcome) { on_response(state, std::move(outcome)); });
}

bool AwsClient::correct_skew(const Error& error, const HttpResponse& response) {
  if (!is_clock_skew_code(error.code) && !is_ambiguous_skew_code(error.code)) return false;
  // A bad signature only counts as skew when the clocks are far enough apart to explain it.
  bool definite = !is_ambiguous_skew_code(error.code);
  auto server_time = parse_http_date(response.header("Date"));
  if (!server_time) return false;
  auto offset = *server_time - loop_.clock().now();
  auto magnitude = offset < offset.zero() ? -offset : offset;
  if (magnitude <
      (definite ? system_clock::duration(kMeasurableSkew) : system_clock::duration(kAmbiguousSkewThreshold))) {
    return false;
  }
  clock_offset_ = offset;
  return true;
}

void AwsClient::on_response(std::shared_ptr<CallState> state, Result<HttpResponse> outcome) {
  if (options_.wire_log != nullptr) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(loop_.clock().monotonic() - state->sent_at);
    options_.wire_log->response(state->sent, outcome, elapsed);
  }
  if (outcome && outcome->status >= 200 && outcome->status < 300) {
    if (limiter_ != nullptr) limiter_->on_response(state->limiter_key, false);
    retry_.on_success(state->retry);
    ServiceResponse response;
    response.http_status = outcome->status;
    response.request_id = request_id_header(*outcome);
    response.bucket_region = outcome->header("x-amz-bucket-region");
    response.body = std::move(outcome->body);
    finish(state, std::move(response));
    return;
  }

  Error error;
  if (outcome) {
    error = state->call.protocol == Protocol::kQuery || state->call.protocol == Protocol::kRestXml
                ? parse_query_error(outcome->status, outcome->body)
                : parse_json_error(outcome->status, outcome->body, outcome->header("x-amzn-ErrorType"));
    error.http_status = outcome->status;
    if (error.request_id.empty()) error.request_id = request_id_header(*outcome);
  } else {
    error = outcome.error();
  }
  FailureClass cls = classify_failure(error);
  if (limiter_ != nullptr) {
    if (outcome) {
      limiter_->on_response(state->limiter_key, cls == FailureClass::kThrottling);
    } else {
      limiter_->release(state->limiter_key);
    }
  }

  // A skewed clock is fixed once per call, outside the retry budget: the next attempt differs.
  if (outcome && !state->skew_retried && correct_skew(error, *outcome)) {
    state->skew_retried = true;
    attempt(state);
    return;
  }
  // A throttled call whose bucket the limiter paces waits there, not in a long backoff.
  const AdaptiveRateLimiter* bucket = limiter_ != nullptr ? limiter_->find(state->limiter_key) : nullptr;
  bool paced = cls == FailureClass::kThrottling && bucket != nullptr && bucket->enabled();
  RetryDecision decision = retry_.on_failure(state->retry, error, paced);
  if (decision.retry) {
    loop_.schedule_after(decision.delay, [this, state, paced] { attempt(state, paced); });
    return;
  }
  if (decision.reason != "not retryable") {
    error.message = fmt::format("{} ({})", error.message, decision.reason);
  } else if (state->retry.attempts > 1) {
    error.message = fmt::format("{} (after {} attempts)", error.message, state->retry.attempts);
  }
  finish(state, fail(std::move(error)));
}

void AwsClient::finish(std::shared_ptr<CallState> state, Result<ServiceResponse> outcome) {
  ServiceCallback done = std::move(state->done);
  state->done = nullptr;
  if (done) done(std::move(outcome));
}

}  // namespace rolecall::aws
