#pragma once
// The AWS CLI's credential caches, shared with it: SSO tokens in ~/.aws/sso/cache and role
// credentials in ~/.aws/cli/cache, each file named by the SHA-1 botocore computes for it.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "base/env.h"

namespace rolecall::aws {

// Cached credentials are reused until this close to their expiry (botocore's
// CachedCredentialFetcher window), so a run never starts with keys about to lapse.
inline constexpr std::chrono::minutes kCliCacheExpiryWindow{15};

// Lower-case hex SHA-1 of `text`.
std::string sha1_hex(std::string_view text);

// ~/.aws/sso/cache/<sha1>.json for a token: the sha1 of the sso-session name (`session_name`
// non-empty) or of the start URL (legacy profiles). "" when HOME is unset.
std::string sso_token_cache_path(const base::Env& env, const std::string& start_url, const std::string& session_name);

// ~/.aws/cli/cache/<key>.json; "" when HOME is unset.
std::string cli_cache_path(const base::Env& env, const std::string& key);

// botocore's SSOCredentialFetcher key: sha1 of the minified, key-sorted JSON of accountId,
// roleName and sessionName (or startUrl for legacy profiles).
std::string sso_role_cache_key(const std::string& account_id, const std::string& role_name,
                               const std::string& session_name, const std::string& start_url);

// botocore's AssumeRoleCredentialFetcher key: sha1 of json.dumps(kwargs, sort_keys=True) of the
// AssumeRole arguments (RoleArn, RoleSessionName unless generated, ExternalId, SerialNumber,
// DurationSeconds), without TokenCode.
std::string assume_role_cache_key(const AssumeRoleParams& params, bool session_name_generated);

// The credentials cached at `path` ({"Credentials": {AccessKeyId, SecretAccessKey, SessionToken,
// Expiration}}), when they are valid for longer than kCliCacheExpiryWindow after `now`. A missing,
// unreadable or malformed file is a cache miss, as for the CLI.
std::optional<Credentials> read_cached_credentials(const base::Env& env, const std::string& path,
                                                   std::chrono::system_clock::time_point now);

// Writes `creds` (which must have an expiration) to `path` in the CLI's layout, owner-only and
// atomically; `account_id` is stored as Credentials.AccountId when non-empty.
Result<void> write_cached_credentials(base::Env& env, const std::string& path, const Credentials& creds,
                                      const std::string& account_id);

}  // namespace rolecall::aws
