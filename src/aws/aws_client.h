#pragma once
// AwsCaller for one set of credentials: endpoint resolution, request building (Query and
// JSON 1.1), SigV4 signing with clock-skew correction, standard-mode retries and adaptive rate
// limiting.

#include <chrono>
#include <memory>
#include <string>

#include "aws/client.h"
#include "aws/credentials/credentials.h"
#include "aws/endpoints.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "aws/rate_limiter.h"
#include "aws/retry.h"
#include "aws/wire_log.h"

namespace rolecall::aws {

// Settings of one AwsClient.
struct AwsClientOptions {
  EndpointOverrides endpoints;        // --endpoint-url / AWS_ENDPOINT_URL*
  RetryOptions retry;                 // standard retry mode
  RetryStrategy::Random random;       // jitter source; empty: seeded randomly
  std::string user_agent;             // empty: "rolecall/<version>"
  const WireLog* wire_log = nullptr;  // --debug: every attempt, redacted
};

// Performs service calls with one credentials provider. Every callback runs on `loop`'s
// thread; call() must be called on it too (or before run()). The client, the transport, the
// limiter and the provider must outlive every call in flight.
class AwsClient final : public AwsCaller {
 public:
  // `account_label` names the account these credentials reach: it keys the rate limiter, so
  // clients for the same account share buckets. `limiter` may be null (no rate limiting).
  AwsClient(EventLoop& loop, HttpTransport& transport, std::shared_ptr<CredentialsProvider> credentials,
            std::string account_label, RateLimiterRegistry* limiter, AwsClientOptions options = {});

  void call(ServiceCall call, ServiceCallback done) override;
  EventLoop* loop() override { return &loop_; }

  // Server time minus local time, learned from clock-skew errors (zero until one happens).
  std::chrono::system_clock::duration clock_offset() const { return clock_offset_; }
  // The retry strategy (its quota is shared by every call of this client).
  const RetryStrategy& retry_strategy() const { return retry_; }
  // The rate-limiter key of `call` once its endpoint is resolved: "<account label>/<service>/
  // <signing region>/<bucket>", the bucket being the action for EC2, else read or mutate.
  std::string rate_limit_key(const ServiceCall& call, const Endpoint& endpoint) const;

 private:
  struct CallState;

  void attempt(std::shared_ptr<CallState> state, bool retry = false);
  void send_attempt(std::shared_ptr<CallState> state);
  void on_response(std::shared_ptr<CallState> state, Result<HttpResponse> outcome);
  bool correct_skew(const Error& error, const HttpResponse& response);
  void finish(std::shared_ptr<CallState> state, Result<ServiceResponse> outcome);

  EventLoop& loop_;
  HttpTransport& transport_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::string account_label_;
  RateLimiterRegistry* limiter_;
  AwsClientOptions options_;
  RetryStrategy retry_;
  std::chrono::system_clock::duration clock_offset_{0};
};

// Builds the unsigned HTTP request for `call` at `endpoint` (Query: form POST with Action and
// Version; JSON 1.1: POST with X-Amz-Target). Exposed for tests and the emulator's clients.
HttpRequest build_request(const ServiceCall& call, const Endpoint& endpoint, const std::string& user_agent);

// The request id a response carries in x-amzn-RequestId or x-amz-request-id ("" when neither).
std::string request_id_header(const HttpResponse& response);

}  // namespace rolecall::aws
