// The default chain and its "nothing found" report.
#include "aws/credentials/chain.h"

#include <fmt/format.h>

#include "aws/credentials/caching_provider.h"
#include "aws/credentials/ecs_provider.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/profile_provider.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/web_identity_provider.h"
#include "aws/region.h"

namespace rolecall::aws {

ChainProvider::ChainProvider(std::vector<std::unique_ptr<CredentialsProvider>> providers)
    : providers_(std::move(providers)) {}

Result<Credentials> ChainProvider::resolve() {
  std::lock_guard lock(mutex_);
  if (chosen_ != nullptr) return chosen_->resolve();
  std::string tried;
  for (const auto& provider : providers_) {
    auto creds = provider->resolve();
    if (creds) {
      chosen_ = provider.get();
      return creds;
    }
    if (!is_not_configured(creds.error())) return fail(creds.error().with_context(provider->name()));
    tried += fmt::format("\n  {}: {}", provider->name(), creds.error().message);
  }
  if (providers_.empty()) tried = " (no providers)";
  return fail(ErrorKind::kCredentials, "no AWS credentials found; tried:" + tried);
}

std::unique_ptr<CredentialsProvider> make_default_chain(const ChainOptions& options) {
  ProfileChoice profile = choose_profile(options.profile, options.env);
  // STS calls go to the session's region when one is known; otherwise the global endpoint.
  std::string sts_region;
  if (auto region = resolve_region(options.region, options.env, options.profile)) sts_region = region->region;

  ProfileProviderOptions profile_options{profile, options.env, options.http, options.sts, sts_region};
  profile_options.sso = options.sso;
  profile_options.mfa_code = options.mfa_code;
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  if (profile.is_explicit) {
    // An explicit profile negates the environment and the machine's identity: the user asked for it.
    providers.push_back(std::make_unique<ProfileProvider>(std::move(profile_options)));
  } else {
    providers.push_back(std::make_unique<EnvironmentProvider>(options.env));
    providers.push_back(std::make_unique<WebIdentityProvider>(
        WebIdentityProvider::from_environment(options.env, sts_region, options.sts)));
    providers.push_back(std::make_unique<ProfileProvider>(std::move(profile_options)));
    providers.push_back(std::make_unique<EcsProvider>(options.env, options.http));
    providers.push_back(std::make_unique<ImdsProvider>(options.env, options.http));
  }
  return std::make_unique<CachingProvider>(std::make_unique<ChainProvider>(std::move(providers)), options.env.clock());
}

}  // namespace rolecall::aws
