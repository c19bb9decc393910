#include "emulator/services/sso/operations.h"

#include "base/json_text.h"
#include "emulator/services/sso/handlers.h"

namespace rolecall::emulator::sso {

const std::vector<SsoOperation>& operations() {
  static const std::vector<SsoOperation> ops = {
      {"GET", "/federation/credentials", "sso GetRoleCredentials", true, get_role_credentials},
      {"POST", "/token", "sso-oidc CreateToken", false, create_token},
  };
  return ops;
}

const SsoOperation* find_operation(std::string_view method, std::string_view path) {
  for (const auto& op : operations()) {
    if (method == op.method && path == op.path) return &op;
  }
  return nullptr;
}

void render_sso_error(const ApiError& error, const std::string& request_id, int& status, std::string& body,
                      std::vector<std::pair<std::string, std::string>>& headers) {
  status = error.status;
  nlohmann::json doc = {{"message", error.message}};
  // OIDC's exceptions carry the OAuth error fields (InvalidGrantException: error, error_description).
  if (error.code.ends_with("GrantException") || error.code.ends_with("ClientException") ||
      error.code == "UnsupportedGrantTypeException" || error.code == "InvalidRequestException") {
    doc = {{"error", error.code == "InvalidGrantException"     ? "invalid_grant"
                     : error.code == "InvalidClientException"  ? "invalid_client"
                     : error.code == "InvalidRequestException" ? "invalid_request"
                                                               : "unsupported_grant_type"},
           {"error_description", error.message}};
  }
  body = base::json_text(doc);
  headers.emplace_back("x-amzn-RequestId", request_id);
  headers.emplace_back("x-amzn-ErrorType", error.code);
}

}  // namespace rolecall::emulator::sso
