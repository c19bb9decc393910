// SSO token → role credentials, through the caches the AWS CLI shares.
#include "aws/credentials/sso_provider.h"

#include <fmt/format.h>

#include "aws/credentials/cli_cache.h"
#include "aws/credentials/sso_token.h"
#include "base/iso8601.h"

namespace rolecall::aws {

SsoProvider::SsoProvider(SsoConfig config, SsoApi& api, base::Env& env)
    : config_(std::move(config)), api_(api), env_(env) {}

Error SsoProvider::login_required(const std::string& why) const {
  return Error::credentials(fmt::format("{}: run `aws sso login --profile {}`", why, config_.profile))
      .with_code(kSsoLoginRequired);
}

Result<std::string> SsoProvider::access_token() {
  const std::string session =
      config_.session_name.empty() ? config_.start_url : fmt::format("sso-session {}", config_.session_name);
  std::string path = sso_token_cache_path(env_, config_.start_url, config_.session_name);
  if (path.empty()) return fail(login_required(fmt::format("no SSO token for {} (HOME is not set)", session)));
  auto text = env_.read_file(path, "SSO token cache");
  if (!text) {
    if (text.error().kind == ErrorKind::kNotFound) {
      return fail(login_required(fmt::format("no cached SSO token for {} ({})", session, path)));
    }
    return fail(text.error());
  }
  auto token = parse_sso_token(*text, path);
  if (!token) return fail(login_required(token.error().message));

  const auto now = env_.clock().now();
  // Only sso-session tokens are refreshed (the legacy form has no refresh grant), as by the CLI.
  if (!config_.session_name.empty() && token->expires_at - now < kSsoRefreshWindow && token->refreshable(now)) {
    auto grant = api_.create_token(config_.region, token->client_id, token->client_secret, token->refresh_token);
    if (grant) {
      token->access_token = grant->access_token;
      if (!grant->refresh_token.empty()) token->refresh_token = grant->refresh_token;
      token->expires_at = now + grant->expires_in;
      token->start_url = config_.start_url;
      token->region = config_.region;
      // Written back as the CLI does, so it and later runs use the refreshed token.
      auto written = env_.write_file(path, sso_token_json(*token), base::Access::kOwnerOnly);
      if (!written) return fail(written.error().with_context("saving the refreshed SSO token"));
    } else if (token->expires_at <= now) {
      return fail(login_required(fmt::format("the SSO token for {} expired and could not be refreshed ({})", session,
                                             grant.error().describe())));
    }
  }
  if (token->expires_at <= now) {
    return fail(login_required(
        fmt::format("the SSO token for {} expired at {}", session, base::format_iso8601(token->expires_at))));
  }
  return std::move(token->access_token);
}

Result<Credentials> SsoProvider::resolve() {
  const std::string label =
      fmt::format("sso (profile {}, account {}, role {})", config_.profile, config_.account_id, config_.role_name);
  std::string cache = cli_cache_path(
      env_, sso_role_cache_key(config_.account_id, config_.role_name, config_.session_name, config_.start_url));
  if (auto cached = read_cached_credentials(env_, cache, env_.clock().now())) {
    cached->provider = label;
    return std::move(*cached);
  }
  auto token = access_token();
  if (!token) return fail(token.error());
  auto creds = api_.get_role_credentials(config_.region, *token, config_.account_id, config_.role_name);
  if (!creds) {
    if (creds.error().code == kSsoUnauthorized) {
      return fail(login_required(fmt::format("the SSO session of profile {} is no longer valid", config_.profile)));
    }
    return fail(creds.error().with_context(
        fmt::format("GetRoleCredentials for account {} role {}", config_.account_id, config_.role_name)));
  }
  creds->provider = label;
  // The cache is an optimisation shared with the CLI: failing to write it does not fail the run.
  (void)write_cached_credentials(env_, cache, *creds, config_.account_id);
  return creds;
}

}  // namespace rolecall::aws
