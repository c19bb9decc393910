// Locating, reading and merging the AWS shared configuration files.
#include "aws/credentials/shared_config.h"

#include <fmt/format.h>

namespace rolecall::aws {

namespace {

// "~/x" → "$HOME/x"; other paths unchanged.
std::string expand_home(const std::string& path, const base::Env& env) {
  if (path == "~" || path.starts_with("~/")) {
    if (auto home = env.get("HOME")) return *home + path.substr(1);
  }
  return path;
}

std::string file_path(const base::Env& env, std::string_view override_var, std::string_view default_name) {
  if (auto path = env.get(override_var)) return expand_home(*path, env);
  if (auto home = env.get("HOME")) return *home + "/.aws/" + std::string(default_name);
  return {};
}

// The file's text; a missing file reads as empty, as for the AWS CLI.
Result<std::string> read_optional_file(const base::Env& env, const std::string& path) {
  if (path.empty()) return std::string();
  auto text = env.read_file(path);
  if (!text && text.error().kind == ErrorKind::kNotFound) return std::string();
  return text;
}

const IniValue* find_value(const std::map<std::string, IniValue>* values, const std::string& key) {
  if (values == nullptr) return nullptr;
  auto it = values->find(key);
  return it == values->end() ? nullptr : &it->second;
}

// Merges `from` into `into`; later keys win, as for a repeated section.
void merge(std::map<std::string, IniValue>& into, const std::map<std::string, IniValue>& from) {
  for (const auto& [key, value] : from) into[key] = value;
}

}  // namespace

ProfileChoice choose_profile(const std::optional<std::string>& flag, const base::Env& env) {
  if (flag && !flag->empty()) return {*flag, "--profile", true};
  if (auto p = env.get("AWS_PROFILE")) return {*p, "AWS_PROFILE", false};
  if (auto p = env.get("AWS_DEFAULT_PROFILE")) return {*p, "AWS_DEFAULT_PROFILE", false};
  return {"default", "default", false};
}

std::optional<std::string> ProfileView::get(const std::string& key) const {
  if (auto v = get_credentials(key)) return v;
  return get_config(key);
}

std::optional<std::string> ProfileView::get_config(const std::string& key) const {
  const IniValue* v = find_value(config, key);
  if (v == nullptr) return std::nullopt;
  return v->value;
}

std::optional<std::string> ProfileView::get_credentials(const std::string& key) const {
  const IniValue* v = find_value(credentials, key);
  if (v == nullptr) return std::nullopt;
  return v->value;
}

bool ProfileView::has(const std::string& key) const {
  return find_value(config, key) != nullptr || find_value(credentials, key) != nullptr;
}

Result<SharedConfig> SharedConfig::load(const base::Env& env) {
  std::string config_path = file_path(env, "AWS_CONFIG_FILE", "config");
  std::string credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  auto config_text = read_optional_file(env, config_path);
  if (!config_text) return fail(config_text.error());
  auto credentials_text = read_optional_file(env, credentials_path);
  if (!credentials_text) return fail(credentials_text.error());
  return parse(*config_text, std::move(config_path), *credentials_text, std::move(credentials_path));
}

Result<SharedConfig> SharedConfig::parse(std::string_view config_text, std::string config_path,
                                         std::string_view credentials_text, std::string credentials_path) {
  SharedConfig out;
  out.config_path_ = std::move(config_path);
  out.credentials_path_ = std::move(credentials_path);

  auto config = parse_ini(config_text, out.config_path_.empty() ? "config" : out.config_path_);
  if (!config) return fail(config.error());
  for (const IniSection& section : *config) {
    // In config, profiles are [default] and [profile name]; [sso-session x], [services x] and
    // anything else are not profiles. [profile default] also names the default profile.
    std::string name;
    if (section.name.starts_with("sso-session ")) {
      std::string_view rest = std::string_view(section.name).substr(12);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      if (!rest.empty()) merge(out.sso_sessions_[std::string(rest)], section.values);
      continue;
    }
    if (section.name == "default") {
      name = "default";
    } else if (section.name.starts_with("profile ") || section.name.starts_with("profile\t")) {
      std::string_view rest = std::string_view(section.name).substr(8);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      name = std::string(rest);
    }
    if (name.empty()) continue;
    merge(out.config_profiles_[name], section.values);
  }

  auto credentials = parse_ini(credentials_text, out.credentials_path_.empty() ? "credentials" : out.credentials_path_);
  if (!credentials) return fail(credentials.error());
  for (const IniSection& section : *credentials) merge(out.credentials_profiles_[section.name], section.values);
  return out;
}

std::optional<ProfileView> SharedConfig::profile(const std::string& name) const {
  ProfileView view;
  view.name = name;
  if (auto it = config_profiles_.find(name); it != config_profiles_.end()) view.config = &it->second;
  if (auto it = credentials_profiles_.find(name); it != credentials_profiles_.end()) view.credentials = &it->second;
  if (view.config == nullptr && view.credentials == nullptr) return std::nullopt;
  return view;
}

const std::map<std::string, IniValue>* SharedConfig::sso_session(const std::string& name) const {
  auto it = sso_sessions_.find(name);
  return it == sso_sessions_.end() ? nullptr : &it->second;
}

std::string SharedConfig::describe_files() const {
  std::string a = config_path_.empty() ? "(no config file: HOME is not set)" : config_path_;
  std::string b = credentials_path_.empty() ? "(no credentials file: HOME is not set)" : credentials_path_;
  return a + " or " + b;
}

}  // namespace rolecall::aws
