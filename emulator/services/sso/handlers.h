#pragma once
// IAM Identity Center's REST-JSON operations, one function each (emulator/services/sso/operations.cpp).

#include "emulator/services/sso/operations.h"

namespace rolecall::emulator::sso {

HandlerResult get_role_credentials(SsoRequest& request);  // sso GetRoleCredentials
HandlerResult create_token(SsoRequest& request);          // sso-oidc CreateToken (refresh_token grant)

}  // namespace rolecall::emulator::sso
