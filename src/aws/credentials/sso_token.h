#pragma once
// The SSO access token `aws sso login` caches in ~/.aws/sso/cache/<sha1>.json, read and written
// in the AWS CLI's layout (botocore's SSOTokenLoader / SSOTokenProvider).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::aws {

// One cached token. The access token, refresh token and client secret are secrets: never logged.
struct SsoToken {
  std::string start_url;
  std::string region;
  std::string access_token;
  std::chrono::system_clock::time_point expires_at;
  // The refresh grant (sso-session profiles only): all four present, or the token cannot be refreshed.
  std::string refresh_token;
  std::string client_id;
  std::string client_secret;
  std::optional<std::chrono::system_clock::time_point> registration_expires_at;

  // True when a refresh token and an unexpired client registration are present at `now`.
  bool refreshable(std::chrono::system_clock::time_point now) const;
};

// The CLI refreshes a token this long before it expires (SSOTokenProvider._REFRESH_WINDOW).
inline constexpr std::chrono::minutes kSsoRefreshWindow{15};

// Parses a token file. kParse for malformed JSON; kCredentials when accessToken or expiresAt is
// missing (the CLI's "Token for X is invalid"); `source` names the file in errors, never a value.
Result<SsoToken> parse_sso_token(std::string_view text, std::string_view source);

// The token as the CLI writes it (camelCase fields, times as "YYYY-MM-DDTHH:MM:SSZ").
std::string sso_token_json(const SsoToken& token);

}  // namespace rolecall::aws
