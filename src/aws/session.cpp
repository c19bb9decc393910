#include "aws/session.h"

#include <algorithm>
#include <thread>

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/chain.h"
#include "aws/credentials/logged_sts_api.h"
#include "aws/credentials/metadata_http.h"
#include "aws/ops/sso_blocking.h"
#include "aws/ops/sts_blocking.h"

namespace rolecall::aws {

Session::Session(SessionOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<Session>> Session::create(SessionOptions options) {
  std::unique_ptr<Session> s(new Session(std::move(options)));
  const base::Env& env = *s->options_.env;

  auto settings = load_profile_settings(env, s->options_.profile);
  if (!settings) return fail(settings.error());

  HttpOptions http = HttpOptions::from_environment(env);
  http.max_per_host = s->options_.max_per_host;
  // Every region and service is its own pool (HttpRequest::pool): keep as many idle connections
  // as may be in flight, so a multi-region scan reuses them rather than reconnects.
  http.max_cached_connections = std::max(http.max_cached_connections, http.max_in_flight);
  if (!s->options_.ca_bundle.empty()) {
    http.ca_bundle = s->options_.ca_bundle;
  } else if (settings->ca_bundle) {
    http.ca_bundle = *settings->ca_bundle;
  }
  s->loop_ = std::make_unique<CurlLoop>(http);
  s->blocking_ = std::make_unique<CurlBlockingClient>(http);
  HttpOptions metadata = http;
  metadata.connect_timeout = kMetadataTimeout;
  metadata.request_timeout = kMetadataTimeout;
  s->metadata_ = std::make_unique<CurlBlockingClient>(metadata);

  s->endpoints_ = EndpointOverrides::from_environment(env);
  s->endpoints_.command_line_url = s->options_.endpoint_url;
  if (s->endpoints_.global_url.empty() && settings->endpoint_url) s->endpoints_.global_url = *settings->endpoint_url;

  auto region = resolve_region(s->options_.region, env, s->options_.profile);
  if (region) {
    s->region_ = *region;
  } else if (s->options_.region) {
    return fail(region.error());  // an explicit but malformed --region is a usage error
  } else {
    s->region_ = {"us-east-1", "default (no region configured)"};
  }

  auto retry = RetryOptions::from_environment(env);
  if (!retry) return fail(retry.error());
  s->retry_ = *retry;
  if (settings->max_attempts && !env.get("AWS_MAX_ATTEMPTS")) s->retry_.max_attempts = *settings->max_attempts;

  s->sts_ =
      std::make_unique<BlockingStsApi>(*s->blocking_, env.clock(), s->endpoints_,
                                       [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); });
  s->sso_ = std::make_unique<BlockingSsoApi>(*s->blocking_, s->endpoints_);
  s->limiter_ = std::make_unique<RateLimiterRegistry>(*s->loop_);
  if (s->options_.debug_sink) {
    s->wire_log_ = std::make_unique<WireLog>(s->options_.debug_sink);
    // Role assumption is blocking, outside the wire log: one line per exchange instead.
    s->sts_ = std::make_unique<LoggedStsApi>(std::move(s->sts_), s->options_.debug_sink);
  }
  return s;
}

std::shared_ptr<CredentialsProvider> Session::credentials(const std::optional<std::string>& profile) {
  ChainOptions chain{*metadata_,       *sts_,         profile ? profile : options_.profile,
                     region_.region,   *options_.env, sso_.get(),
                     options_.mfa_code};
  return make_default_chain(chain);
}

std::shared_ptr<CredentialsProvider> Session::assume_role(std::shared_ptr<CredentialsProvider> source,
                                                          AssumeRoleParams params, std::string label) {
  if (params.region.empty()) params.region = region_.region;
  return make_assume_role_provider(std::move(source), std::move(params), *sts_, clock(), std::move(label));
}

std::unique_ptr<AwsClient> Session::client(std::shared_ptr<CredentialsProvider> provider, std::string account_label) {
  AwsClientOptions options;
  options.endpoints = endpoints_;
  options.retry = retry_;
  options.wire_log = wire_log_.get();
  return std::make_unique<AwsClient>(*loop_, *loop_, std::move(provider), std::move(account_label), limiter_.get(),
                                     std::move(options));
}

}  // namespace rolecall::aws
