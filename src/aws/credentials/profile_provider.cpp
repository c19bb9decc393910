// Resolution of a profile, following source_profile links.
#include "aws/credentials/profile_provider.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/cli_cache.h"
#include "aws/credentials/ecs_provider.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/process_provider.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/sso_provider.h"
#include "aws/credentials/static_provider.h"
#include "aws/credentials/web_identity_provider.h"

namespace rolecall::aws {

namespace {

// The account field of an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:...), "" when it has none.
std::string account_of_arn(const std::string& arn) {
  std::size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    start = arn.find(':', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  return arn.substr(start, arn.find(':', start) - start);
}

// Credentials plus the "prod via dev" path that produced them.
struct Resolved {
  Credentials creds;
  std::string path;
};

class Resolver {
 public:
  Resolver(const SharedConfig& config, const ProfileProviderOptions& options) : config_(config), options_(options) {}

  // Resolves `name`; `visiting` holds the profiles whose source it is (for cycle detection).
  Result<Resolved> resolve(const std::string& name, std::vector<std::string>& visiting) {
    if (std::ranges::find(visiting, name) != visiting.end()) {
      visiting.push_back(name);
      return fail(ErrorKind::kInvalidArgument, fmt::format("source_profile cycle: {}", fmt::join(visiting, " -> ")));
    }
    auto view = config_.profile(name);
    if (!view) {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("profile {} (source_profile of {}) not found in {}", name,
                              visiting.empty() ? name : visiting.back(), config_.describe_files()));
    }
    if (view->has("role_arn")) return assume_role(*view, visiting);
    if (view->has("web_identity_token_file")) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("profile {}: web_identity_token_file needs role_arn", name));
    }
    return direct(*view);
  }

 private:
  // Credentials the profile holds itself, without assuming a role.
  Result<Resolved> direct(const ProfileView& view) {
    if (view.has("sso_session") || view.has("sso_start_url")) return sso(view);
    if (view.credentials != nullptr &&
        (view.credentials->contains("aws_access_key_id") || view.credentials->contains("aws_secret_access_key"))) {
      return static_keys(view, /*from_credentials_file=*/true);
    }
    if (auto command = view.get("credential_process")) {
      ProcessProvider process(*command, view.name, options_.process_timeout);
      auto creds = process.resolve();
      if (!creds) return fail(creds.error());
      return Resolved{std::move(*creds), view.name};
    }
    if (view.config != nullptr &&
        (view.config->contains("aws_access_key_id") || view.config->contains("aws_secret_access_key"))) {
      return static_keys(view, /*from_credentials_file=*/false);
    }
    return not_configured(
        fmt::format("profile {} has no aws_access_key_id, role_arn or credential_process", view.name));
  }

  // An IAM Identity Center profile, in either of the forms the AWS CLI v2 accepts.
  Result<Resolved> sso(const ProfileView& view) {
    auto config = sso_config(view);
    if (!config) return fail(config.error());
    if (options_.sso == nullptr) {
      return fail(ErrorKind::kCredentials,
                  fmt::format("profile {}: IAM Identity Center is not available here", view.name));
    }
    SsoProvider provider(std::move(*config), *options_.sso, options_.env);
    auto creds = provider.resolve();
    if (!creds) return fail(creds.error());
    return Resolved{std::move(*creds), view.name};
  }

  // The SSO settings of `view`: from its [sso-session] (sso_session = NAME) or from the profile
  // itself (legacy), with the checks and messages of botocore's SSOProvider.
  Result<SsoConfig> sso_config(const ProfileView& view) {
    SsoConfig config;
    config.profile = view.name;
    config.account_id = view.get("sso_account_id").value_or("");
    config.role_name = view.get("sso_role_name").value_or("");
    std::vector<std::string> missing;
    if (auto session = view.get("sso_session")) {
      config.session_name = *session;
      const auto* section = config_.sso_session(*session);
      if (section == nullptr) {
        return fail(ErrorKind::kInvalidArgument,
                    fmt::format("profile {} uses sso_session {}, but {} has no [sso-session {}] section", view.name,
                                *session, config_.config_path(), *session));
      }
      auto value = [&](const char* key) -> std::string {
        auto it = section->find(key);
        return it == section->end() ? std::string() : it->second.value;
      };
      config.start_url = value("sso_start_url");
      config.region = value("sso_region");
      if (config.start_url.empty()) missing.push_back("sso_start_url (in [sso-session " + *session + "])");
      if (config.region.empty()) missing.push_back("sso_region (in [sso-session " + *session + "])");
      // The CLI refuses a profile whose own legacy values disagree with its session's.
      for (const auto& [key, expected] :
           {std::pair{"sso_start_url", config.start_url}, {"sso_region", config.region}}) {
        auto own = view.get(key);
        if (own && *own != expected) {
          return fail(
              ErrorKind::kInvalidArgument,
              fmt::format("profile {}: its {} differs from the one of [sso-session {}]", view.name, key, *session));
        }
      }
    } else {
      config.start_url = view.get("sso_start_url").value_or("");
      config.region = view.get("sso_region").value_or("");
      if (config.start_url.empty()) missing.push_back("sso_start_url");
      if (config.region.empty()) missing.push_back("sso_region");
    }
    if (config.account_id.empty()) missing.push_back("sso_account_id");
    if (config.role_name.empty()) missing.push_back("sso_role_name");
    if (!missing.empty()) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("profile {} is configured for IAM Identity Center (SSO) "
                                                           "but lacks {}",
                                                           view.name, fmt::join(missing, ", ")));
    }
    return config;
  }

  Result<Resolved> static_keys(const ProfileView& view, bool from_credentials_file) {
    auto get = [&](const char* key) {
      return from_credentials_file ? view.get_credentials(key) : view.get_config(key);
    };
    const std::string& file = from_credentials_file ? config_.credentials_path() : config_.config_path();
    auto key_id = get("aws_access_key_id");
    auto secret = get("aws_secret_access_key");
    if (!key_id || key_id->empty() || !secret || secret->empty()) {
      return fail(ErrorKind::kCredentials,
                  fmt::format("profile {} in {} has {} but no {}", view.name, file,
                              key_id && !key_id->empty() ? "aws_access_key_id" : "aws_secret_access_key",
                              key_id && !key_id->empty() ? "aws_secret_access_key" : "aws_access_key_id"));
    }
    Credentials creds;
    creds.access_key_id = *key_id;
    creds.secret_access_key = *secret;
    creds.session_token = get("aws_session_token").value_or("");
    creds.provider = fmt::format("{} (profile {})",
                                 from_credentials_file ? "shared-credentials-file" : "shared-config-file", view.name);
    return Resolved{std::move(creds), view.name};
  }

  Result<Resolved> assume_role(const ProfileView& view, std::vector<std::string>& visiting) {
    const std::string& name = view.name;
    std::string role_arn = view.get("role_arn").value_or("");
    if (role_arn.empty()) return fail(ErrorKind::kInvalidArgument, fmt::format("profile {}: role_arn is empty", name));
    auto source_profile = view.get("source_profile");
    auto credential_source = view.get("credential_source");
    if (source_profile && credential_source) {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("profile {} sets both source_profile and credential_source; use one", name));
    }
    if (!source_profile && !credential_source) {
      if (auto token_file = view.get("web_identity_token_file")) return web_identity(view, *token_file, role_arn);
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("profile {} sets role_arn but no source_profile, credential_source or "
                              "web_identity_token_file",
                              name));
    }

    AssumeRoleParams params;
    params.role_arn = role_arn;
    params.role_session_name = view.get("role_session_name").value_or("");
    params.external_id = view.get("external_id").value_or("");
    params.region = options_.sts_region;
    if (auto duration = view.get("duration_seconds")) {
      auto seconds = parse_duration_seconds(*duration, fmt::format("duration_seconds of profile {}", name));
      if (!seconds) return fail(seconds.error());
      params.duration_seconds = *seconds;
    }
    params.serial_number = view.get("mfa_serial").value_or("");
    std::string mfa_cache;
    if (!params.serial_number.empty()) {
      // A session an earlier run (or the AWS CLI) got with an MFA code is reused: no second prompt.
      mfa_cache = cli_cache_path(options_.env, assume_role_cache_key(params, params.role_session_name.empty()));
      if (auto cached = read_cached_credentials(options_.env, mfa_cache, options_.env.clock().now())) {
        cached->provider = fmt::format("assume-role (profile {}, cached MFA session)", name);
        return Resolved{std::move(*cached), name};
      }
    }

    Resolved source;
    if (credential_source) {
      auto creds = from_credential_source(name, *credential_source);
      if (!creds) return fail(creds.error());
      source = Resolved{std::move(*creds), *credential_source};
    } else if (*source_profile == name) {
      // A profile may be its own source: its static keys assume its role.
      auto creds = static_keys(view, view.credentials != nullptr && view.credentials->contains("aws_access_key_id"));
      if (!creds) return fail(creds.error().with_context(fmt::format("profile {} is its own source_profile", name)));
      source = std::move(*creds);
    } else {
      visiting.push_back(name);
      auto resolved = resolve(*source_profile, visiting);
      visiting.pop_back();
      if (!resolved) return fail(as_failure(resolved.error()));
      source = std::move(*resolved);
    }

    if (!params.serial_number.empty()) {
      if (!options_.mfa_code) {
        return fail(ErrorKind::kCredentials,
                    fmt::format("profile {} needs an MFA code for {} and none can be asked for here", name,
                                params.serial_number));
      }
      auto code = options_.mfa_code(params.serial_number);
      if (!code) return fail(code.error().with_context(fmt::format("profile {}", name)));
      params.token_code = std::move(*code);
    }
    std::string path = fmt::format("{} via {}", name, source.path);
    AssumeRoleProvider provider(std::make_shared<StaticProvider>(std::move(source.creds)), std::move(params),
                                options_.sts, options_.env.clock(), fmt::format("profile {}", path));
    auto creds = provider.resolve();
    if (!creds) return fail(creds.error().with_context(fmt::format("profile {}", name)));
    if (!mfa_cache.empty() && creds->expiration) {
      // The CLI's layout, so the next run and the AWS CLI reuse the session; a failed write only costs a prompt.
      (void)write_cached_credentials(options_.env, mfa_cache, *creds, account_of_arn(role_arn));
    }
    return Resolved{std::move(*creds), std::move(path)};
  }

  Result<Credentials> from_credential_source(const std::string& profile, const std::string& source) {
    std::unique_ptr<CredentialsProvider> provider;
    if (source == "Environment") {
      provider = std::make_unique<EnvironmentProvider>(options_.env);
    } else if (source == "Ec2InstanceMetadata") {
      provider = std::make_unique<ImdsProvider>(options_.env, options_.http);
    } else if (source == "EcsContainer") {
      provider = std::make_unique<EcsProvider>(options_.env, options_.http);
    } else {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("profile {}: credential_source {} is not one of Environment, Ec2InstanceMetadata, "
                              "EcsContainer",
                              profile, source));
    }
    auto creds = provider->resolve();
    if (!creds) {
      return fail(
          as_failure(creds.error()).with_context(fmt::format("credential_source {} of profile {}", source, profile)));
    }
    return creds;
  }

  Result<Resolved> web_identity(const ProfileView& view, const std::string& token_file, const std::string& role_arn) {
    WebIdentityConfig config;
    config.token_file = token_file;
    config.role_arn = role_arn;
    config.role_session_name = view.get("role_session_name").value_or("");
    config.region = options_.sts_region;
    config.label = fmt::format("profile {}", view.name);
    if (auto duration = view.get("duration_seconds")) {
      auto seconds = parse_duration_seconds(*duration, fmt::format("duration_seconds of profile {}", view.name));
      if (!seconds) return fail(seconds.error());
      config.duration_seconds = *seconds;
    }
    WebIdentityProvider provider(std::move(config), options_.sts, options_.env);
    auto creds = provider.resolve();
    if (!creds) return fail(creds.error());
    return Resolved{std::move(*creds), view.name};
  }

  const SharedConfig& config_;
  const ProfileProviderOptions& options_;
};

}  // namespace

std::string ProfileProvider::name() const { return fmt::format("shared-files (profile {})", options_.profile.name); }

Result<Credentials> ProfileProvider::resolve() {
  auto config = SharedConfig::load(options_.env);
  if (!config) return fail(config.error());
  const ProfileChoice& choice = options_.profile;
  if (!config->profile(choice.name)) {
    std::string message = fmt::format("profile {}{} not found in {}", choice.name,
                                      choice.origin == "default" ? "" : fmt::format(" (from {})", choice.origin),
                                      config->describe_files());
    // Only the implicit "default" may be absent; a named profile (--profile, AWS_PROFILE) that
    // does not exist is a mistake to report, as the AWS CLI does, not a reason to use another identity.
    if (choice.origin == "default") return not_configured(message);
    return fail(ErrorKind::kInvalidArgument, message);
  }
  std::vector<std::string> visiting;
  Resolver resolver(*config, options_);
  auto resolved = resolver.resolve(choice.name, visiting);
  if (!resolved) {
    // An explicitly chosen profile without credentials is a failure, not a reason to move on.
    if (choice.is_explicit) return fail(as_failure(resolved.error()));
    return fail(resolved.error());
  }
  return std::move(resolved->creds);
}

}  // namespace rolecall::aws
