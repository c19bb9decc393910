#pragma once
// The emulator's IAM Identity Center tokens. They are stateless and readable, so a test fixture
// (C++ or shell) writes them into a fake ~/.aws/sso/cache without asking the emulator:
//   access token:  rolecall-sso;<expiry, unix seconds>;<account id>/<role name>[;<account id>/<role name>...]
//   refresh token: rolecall-sso-refresh;<client id>;<account id>/<role name>[;...]
// Each names the account/role pairs the signed-in user is assigned (GetRoleCredentials answers for
// those only). Nothing is signed: the emulator is a test double, not an identity provider.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::emulator::sso {

// One account/role assignment of a token.
struct Assignment {
  std::string account_id;
  std::string role_name;
  bool operator==(const Assignment&) const = default;
};

// A parsed access token.
struct AccessToken {
  std::chrono::system_clock::time_point expires_at;
  std::vector<Assignment> assignments;
};

// A parsed refresh token.
struct RefreshToken {
  std::string client_id;
  std::vector<Assignment> assignments;
};

// The access token text for `assignments`, valid until `expires_at`.
std::string make_access_token(std::chrono::system_clock::time_point expires_at,
                              const std::vector<Assignment>& assignments);
// The refresh token text issued to `client_id` for `assignments`.
std::string make_refresh_token(const std::string& client_id, const std::vector<Assignment>& assignments);
// nullopt when `text` is not an access token of the format above.
std::optional<AccessToken> parse_access_token(std::string_view text);
// nullopt when `text` is not a refresh token of the format above.
std::optional<RefreshToken> parse_refresh_token(std::string_view text);

}  // namespace rolecall::emulator::sso
