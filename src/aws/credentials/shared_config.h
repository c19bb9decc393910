#pragma once
// ~/.aws/config and ~/.aws/credentials: where they are, which profile is meant, and a merged
// view of one profile.

#include <map>
#include <optional>
#include <string>

#include "aws/credentials/ini.h"
#include "base/env.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// The profile a run uses and where the choice came from.
struct ProfileChoice {
  std::string name;          // e.g. "default"
  std::string origin;        // "--profile", "AWS_PROFILE", "AWS_DEFAULT_PROFILE" or "default"
  bool is_explicit = false;  // chosen by --profile: a missing profile is an error
};

// --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
ProfileChoice choose_profile(const std::optional<std::string>& flag, const base::Env& env);

// One profile as both files define it; credentials-file values win for the same key.
struct ProfileView {
  std::string name;
  const std::map<std::string, IniValue>* config = nullptr;       // [profile name] / [default] in config
  const std::map<std::string, IniValue>* credentials = nullptr;  // [name] in credentials

  // Value of `key` (credentials file first), or nullopt when absent from both.
  std::optional<std::string> get(const std::string& key) const;
  // Value of `key` in the config file only.
  std::optional<std::string> get_config(const std::string& key) const;
  // Value of `key` in the credentials file only.
  std::optional<std::string> get_credentials(const std::string& key) const;
  // True when `key` is present in either file (even with an empty value).
  bool has(const std::string& key) const;
};

// Both shared files, parsed. Missing files are empty; unreadable or malformed ones are errors.
class SharedConfig {
 public:
  // Reads the files named by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, or under $HOME/.aws.
  static Result<SharedConfig> load(const base::Env& env);
  // Parses the given texts (paths are for messages only).
  static Result<SharedConfig> parse(std::string_view config_text, std::string config_path,
                                    std::string_view credentials_text, std::string credentials_path);

  // The profile `name`, or nullopt when neither file has it.
  std::optional<ProfileView> profile(const std::string& name) const;
  // The [sso-session name] section of the config file, or nullptr when there is none.
  const std::map<std::string, IniValue>* sso_session(const std::string& name) const;
  // Path of the config file ("" when it could not be determined, e.g. HOME unset).
  const std::string& config_path() const { return config_path_; }
  // Path of the credentials file ("" when it could not be determined).
  const std::string& credentials_path() const { return credentials_path_; }
  // "<config> or <credentials>", for "profile not found in ..." messages.
  std::string describe_files() const;

 private:
  std::string config_path_;
  std::string credentials_path_;
  std::map<std::string, std::map<std::string, IniValue>> config_profiles_;
  std::map<std::string, std::map<std::string, IniValue>> credentials_profiles_;
  std::map<std::string, std::map<std::string, IniValue>> sso_sessions_;
};

}  // namespace rolecall::aws
