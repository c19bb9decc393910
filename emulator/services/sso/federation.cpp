// The SSO portal's GetRoleCredentials: an access token's account/role assignment → a session of
// that role, which the emulator's STS, EC2 and IAM then accept like an AssumeRole session.
#include <fmt/format.h>

#include "base/json_text.h"
#include "emulator/services/sso/handlers.h"
#include "emulator/services/sso/tokens.h"

namespace rolecall::emulator::sso {
namespace {

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kSecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Permission sets default to one-hour sessions.
constexpr std::chrono::hours kSessionDuration{1};
// The user a session is named after (AWS uses the signed-in user's name).
constexpr const char* kSessionName = "rolecall-sso-user";

}  // namespace

HandlerResult get_role_credentials(SsoRequest& request) {
  std::string bearer = request.http.header("x-amz-sso_bearer_token");
  auto token = parse_access_token(bearer);
  if (!token || token->expires_at <= request.now) {
    return error(401, "UnauthorizedException", "Session token not found or invalid");
  }
  const std::string* account_id = request.query.get("account_id");
  const std::string* role_name = request.query.get("role_name");
  if (!account_id || account_id->empty() || !role_name || role_name->empty()) {
    return error(400, "InvalidRequestException", "account_id and role_name are required");
  }
  Assignment wanted{*account_id, *role_name};
  bool assigned = std::ranges::find(token->assignments, wanted) != token->assignments.end();
  auto account = request.estate().account_index.find(*account_id);
  const RoleDef* role = account == request.estate().account_index.end()
                            ? nullptr
                            : request.estate().accounts[account->second].find_role(*role_name);
  if (!assigned || role == nullptr) return error(403, "ForbiddenException", "No access");

  Session s;
  s.access_key_id = "ASIA" + random_string(request.core, kUpperAlnum, 16);
  s.secret = random_string(request.core, kSecretChars, 40);
  s.token = "IQoJb3JpZ2luX2VjE" + random_string(request.core, kSecretChars, 300);
  s.account_id = *account_id;
  s.role_name = role->name;
  s.session_name = kSessionName;
  s.expiration = request.now + kSessionDuration;
  request.core.sessions[s.access_key_id] = s;

  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(s.expiration.time_since_epoch()).count();
  nlohmann::json body = {{"roleCredentials",
                          {{"accessKeyId", s.access_key_id},
                           {"secretAccessKey", s.secret},
                           {"sessionToken", s.token},
                           {"expiration", millis}}}};
  return Reply{200, base::json_text(body), "application/json"};
}

}  // namespace rolecall::emulator::sso
