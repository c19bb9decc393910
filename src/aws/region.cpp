// Region and profile-setting resolution over the shared config files.
#include "aws/region.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "aws/credentials/shared_config.h"

namespace rolecall::aws {

namespace {

// Region names are lower-case letters, digits and dashes ("us-east-1", "eu-isoe-west-1").
bool looks_like_region(std::string_view region) {
  if (region.empty() || region.size() > 64 || region.front() == '-' || region.back() == '-') return false;
  return std::ranges::all_of(region,
                             [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

Result<ResolvedRegion> checked(std::string region, std::string source) {
  if (!looks_like_region(region)) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("region '{}' from {} is not a valid region name", region, source));
  }
  return ResolvedRegion{std::move(region), std::move(source)};
}

bool is_secret_key(const std::string& key) {
  return key == "aws_secret_access_key" || key == "aws_session_token" || key == "aws_security_token";
}

}  // namespace

Result<ResolvedRegion> resolve_region(const std::optional<std::string>& flag, const base::Env& env,
                                      const std::optional<std::string>& profile_flag) {
  if (flag && !flag->empty()) return checked(*flag, "--region");
  if (auto r = env.get("AWS_REGION")) return checked(*r, "AWS_REGION");
  if (auto r = env.get("AWS_DEFAULT_REGION")) return checked(*r, "AWS_DEFAULT_REGION");
  ProfileChoice choice = choose_profile(profile_flag, env);
  auto config = SharedConfig::load(env);
  if (!config) return fail(config.error());
  if (auto view = config->profile(choice.name)) {
    if (auto r = view->get("region"); r && !r->empty()) {
      bool in_config = view->get_config("region").has_value();
      return checked(*r, fmt::format("profile {} ({})", choice.name,
                                     in_config ? config->config_path() : config->credentials_path()));
    }
  }
  return fail(ErrorKind::kInvalidArgument,
              fmt::format("no AWS region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in "
                          "profile {} of {}",
                          choice.name, config->config_path().empty() ? "~/.aws/config" : config->config_path()));
}

std::optional<std::string> ProfileSettings::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

Result<ProfileSettings> load_profile_settings(const base::Env& env, const std::optional<std::string>& profile_flag) {
  ProfileChoice choice = choose_profile(profile_flag, env);
  auto config = SharedConfig::load(env);
  if (!config) return fail(config.error());
  ProfileSettings out;
  out.profile = choice.name;
  auto view = config->profile(choice.name);
  if (!view && choice.is_explicit) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("profile {} (from --profile) not found in {}", choice.name, config->describe_files()));
  }
  if (view) {
    out.found = true;
    // Config file first, then the credentials file on top: the same precedence as for keys.
    for (const auto* values : {view->config, view->credentials}) {
      if (values == nullptr) continue;
      for (const auto& [key, value] : *values) {
        if (is_secret_key(key)) continue;
        if (!value.sub.empty()) {
          out.sections[key] = value.sub;
        } else {
          out.values[key] = value.value;
        }
      }
    }
  }
  std::string file_source = fmt::format("profile {}", choice.name);
  auto setting = [&](const char* key, const char* env_var) -> std::optional<std::pair<std::string, std::string>> {
    if (auto v = env.get(env_var)) return std::pair{*v, std::string(env_var)};
    if (auto v = out.get(key); v && !v->empty()) return std::pair{*v, fmt::format("{} of {}", key, file_source)};
    return std::nullopt;
  };
  if (auto v = out.get("region"); v && !v->empty()) out.region = *v;
  if (auto v = out.get("output"); v && !v->empty()) out.output = *v;
  if (auto v = out.get("endpoint_url"); v && !v->empty()) out.endpoint_url = *v;
  if (auto v = setting("ca_bundle", "AWS_CA_BUNDLE")) out.ca_bundle = v->first;
  if (auto v = setting("retry_mode", "AWS_RETRY_MODE")) {
    if (v->first != "legacy" && v->first != "standard" && v->first != "adaptive") {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("{} must be legacy, standard or adaptive (got '{}')", v->second, v->first));
    }
    out.retry_mode = v->first;
  }
  if (auto v = setting("max_attempts", "AWS_MAX_ATTEMPTS")) {
    int n = 0;
    auto [end, ec] = std::from_chars(v->first.data(), v->first.data() + v->first.size(), n);
    if (ec != std::errc() || end != v->first.data() + v->first.size() || n < 1) {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("{} must be a whole number of at least 1 (got '{}')", v->second, v->first));
    }
    out.max_attempts = n;
  }
  return out;
}

}  // namespace rolecall::aws
