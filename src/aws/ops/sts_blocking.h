#pragma once
// StsApi over a BlockingHttpClient: what credential providers use to assume roles before any
// event loop exists.

#include <chrono>
#include <functional>
#include <string_view>

#include "aws/credentials/sts_api.h"
#include "aws/endpoints.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "aws/retry.h"

namespace rolecall::aws {

// Blocking STS: builds the Query request, resolves the regional STS endpoint (honouring
// overrides), signs AssumeRole with SigV4 (AssumeRoleWithWebIdentity goes unsigned), and retries
// what the standard retry policy (RetryStrategy) retries, plus IDPCommunicationError for web
// identity, waiting through the injected sleep. Returned Credentials leave `provider` empty: the calling provider names
// itself. Errors name the operation and role ARN, never a secret, session token or web identity token.
class BlockingStsApi final : public StsApi {
 public:
  // Waits `delay`; tests inject a recorder so nothing sleeps.
  using SleepFn = std::function<void(std::chrono::milliseconds delay)>;

  // `http` and `clock` must outlive this object; `clock.now()` stamps signatures.
  BlockingStsApi(BlockingHttpClient& http, const base::Clock& clock, EndpointOverrides overrides, SleepFn sleep,
                 RetryOptions retry = default_retry());

  // Three attempts, waits of 200 ms doubling up to 5 s, throttling given no extra attempts.
  static RetryOptions default_retry();

  // sts:AssumeRole signed with `source`.
  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& params) override;
  // sts:AssumeRoleWithWebIdentity, unsigned.
  Result<Credentials> assume_role_with_web_identity(const AssumeRoleWithWebIdentityParams& params) override;

 private:
  // Sends the request `build` makes (rebuilt per attempt so each signature has a fresh time);
  // returns the 2xx response or the final error, prefixed with `context`.
  Result<HttpResponse> send(const std::function<Result<HttpRequest>()>& build, std::string_view context,
                            bool web_identity);

  BlockingHttpClient& http_;
  const base::Clock& clock_;
  EndpointOverrides overrides_;
  SleepFn sleep_;
  RetryOptions retry_;
};

}  // namespace rolecall::aws
