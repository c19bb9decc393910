// SSO OIDC's CreateToken, refresh_token grant only: a refresh token of tokens.h → a new access
// token for the same assignments, valid one hour. The device-code and authorization-code grants
// of `aws sso login` are not served (tests write the token cache themselves).
#include "base/json_text.h"
#include "emulator/services/sso/handlers.h"
#include "emulator/services/sso/tokens.h"

namespace rolecall::emulator::sso {
namespace {

constexpr std::chrono::seconds kAccessTokenLifetime{3600};

std::string text_member(const nlohmann::json& body, const char* key) {
  if (!body.is_object()) return {};
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

HandlerResult create_token(SsoRequest& request) {
  if (!request.body.is_object()) return error(400, "InvalidRequestException", "The request body is not a JSON object");
  std::string client_id = text_member(request.body, "clientId");
  std::string client_secret = text_member(request.body, "clientSecret");
  std::string grant_type = text_member(request.body, "grantType");
  if (client_id.empty() || client_secret.empty() || grant_type.empty()) {
    return error(400, "InvalidRequestException", "clientId, clientSecret and grantType are required");
  }
  if (grant_type != "refresh_token") {
    return error(400, "UnsupportedGrantTypeException", "the emulator serves the refresh_token grant only");
  }
  auto refresh = parse_refresh_token(text_member(request.body, "refreshToken"));
  if (!refresh || refresh->client_id != client_id) {
    return error(400, "InvalidGrantException", "Invalid refresh token provided");
  }
  nlohmann::json body = {{"accessToken", make_access_token(request.now + kAccessTokenLifetime, refresh->assignments)},
                         {"tokenType", "Bearer"},
                         {"expiresIn", kAccessTokenLifetime.count()},
                         {"refreshToken", make_refresh_token(client_id, refresh->assignments)}};
  return Reply{200, base::json_text(body), "application/json"};
}

}  // namespace rolecall::emulator::sso
