// Web identity federation: token file + role ARN → temporary credentials.
#include "aws/credentials/web_identity_provider.h"

#include <fmt/format.h>

#include "aws/credentials/provider_error.h"

namespace rolecall::aws {

std::string default_session_name(const base::Clock& clock) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  return fmt::format("rolecall-{}", secs);
}

WebIdentityProvider::WebIdentityProvider(WebIdentityConfig config, StsApi& sts, const base::Env& env)
    : WebIdentityProvider(std::optional<WebIdentityConfig>(std::move(config)), {}, sts, env) {}

WebIdentityProvider::WebIdentityProvider(std::optional<WebIdentityConfig> config, std::string unconfigured_reason,
                                         StsApi& sts, const base::Env& env)
    : config_(std::move(config)), unconfigured_reason_(std::move(unconfigured_reason)), sts_(sts), env_(env) {}

WebIdentityProvider WebIdentityProvider::from_environment(const base::Env& env, std::string region, StsApi& sts) {
  auto token_file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role_arn = env.get("AWS_ROLE_ARN");
  if (!token_file) {
    return WebIdentityProvider(std::nullopt, "AWS_WEB_IDENTITY_TOKEN_FILE is not set", sts, env);
  }
  WebIdentityConfig config;
  config.token_file = *token_file;
  config.role_arn = role_arn.value_or("");  // checked in resolve(): a half configuration is an error
  config.role_session_name = env.get("AWS_ROLE_SESSION_NAME").value_or("");
  config.region = std::move(region);
  config.label = "environment";
  return WebIdentityProvider(std::move(config), {}, sts, env);
}

Result<Credentials> WebIdentityProvider::resolve() {
  if (!config_) return not_configured(unconfigured_reason_);
  const WebIdentityConfig& c = *config_;
  if (c.role_arn.empty()) {
    return fail(ErrorKind::kCredentials, c.label == "environment"
                                             ? "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"
                                             : fmt::format("{}: web_identity_token_file needs role_arn", c.label));
  }
  auto text = env_.read_file(c.token_file, "web identity token file");
  if (!text) return fail(ErrorKind::kIo, text.error().message);
  std::string token = std::move(*text);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty())
    return fail(ErrorKind::kCredentials, fmt::format("web identity token file {} is empty", c.token_file));

  AssumeRoleWithWebIdentityParams params;
  params.role_arn = c.role_arn;
  params.role_session_name = c.role_session_name.empty() ? default_session_name(env_.clock()) : c.role_session_name;
  params.web_identity_token = std::move(token);
  params.duration_seconds = c.duration_seconds;
  params.region = c.region;
  auto creds = sts_.assume_role_with_web_identity(params);
  if (!creds)
    return fail(as_failure(creds.error()).with_context(fmt::format("assume role {} with web identity", c.role_arn)));
  creds->provider = fmt::format("web-identity ({})", c.label);
  return creds;
}

}  // namespace rolecall::aws
