#pragma once
// The session's region and the non-credential settings of the chosen profile, as the AWS CLI
// resolves them.

#include <map>
#include <optional>
#include <string>

#include "base/env.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// A region and where it came from.
struct ResolvedRegion {
  std::string region;  // e.g. "eu-west-1"
  std::string source;  // "--region", "AWS_REGION", "AWS_DEFAULT_REGION" or "profile dev (/home/u/.aws/config)"
};

// --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region` (profile from
// --profile / AWS_PROFILE / AWS_DEFAULT_PROFILE / default). Fails with kInvalidArgument when none
// is set or the value is not a region name, naming the source.
Result<ResolvedRegion> resolve_region(const std::optional<std::string>& flag, const base::Env& env,
                                      const std::optional<std::string>& profile_flag);

// Settings of the chosen profile besides credentials. Where the AWS CLI lets an environment
// variable override the file (AWS_CA_BUNDLE, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE), the override wins.
struct ProfileSettings {
  std::string profile;  // the profile name used
  bool found = false;   // whether either shared file has that profile
  std::optional<std::string> region;
  std::optional<std::string> ca_bundle;
  std::optional<std::string> endpoint_url;
  std::optional<std::string> retry_mode;  // "legacy", "standard" or "adaptive"
  std::optional<int> max_attempts;        // >= 1
  std::optional<std::string> output;
  // Every other plain setting of the profile by lower-case key; never the secret keys or token.
  std::map<std::string, std::string> values;
  // Indented sub-settings, e.g. sections["s3"]["max_concurrent_requests"].
  std::map<std::string, std::map<std::string, std::string>> sections;

  // A plain setting by key, or nullopt.
  std::optional<std::string> get(const std::string& key) const;
};

// Reads the chosen profile's settings. A profile chosen with --profile that does not exist is an
// error; otherwise a missing profile yields found == false. Malformed max_attempts / retry_mode
// are kInvalidArgument errors naming their source.
Result<ProfileSettings> load_profile_settings(const base::Env& env, const std::optional<std::string>& profile_flag);

}  // namespace rolecall::aws
