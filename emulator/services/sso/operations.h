#pragma once
// The IAM Identity Center operations the emulator serves: the portal's GetRoleCredentials and
// OIDC's CreateToken. Both are REST-JSON and unsigned, so they are routed by method and path
// (the SigV4 scope that names the other services is absent).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/http/transport.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::sso {

// One request to an SSO operation.
struct SsoRequest {
  Core& core;
  const aws::HttpRequest& http;
  Params query;         // the URL's query parameters
  nlohmann::json body;  // the JSON body (CreateToken); null when absent
  TimePoint now;

  Estate& estate() { return core.estate; }
};

using SsoHandler = HandlerResult (*)(SsoRequest&);

// One row of the table: the route and the operation behind it.
struct SsoOperation {
  const char* method;
  const char* path;
  const char* name;  // "sso GetRoleCredentials", for the request log
  bool mutating;     // takes the unique lock (issues a session)
  SsoHandler handler;
};

// Every SSO operation.
const std::vector<SsoOperation>& operations();
// The operation served at `method` `path` (no query string), or nullptr.
const SsoOperation* find_operation(std::string_view method, std::string_view path);
// An SSO error as AWS sends it: {"message": ...} with x-amzn-ErrorType, plus OIDC's error fields.
void render_sso_error(const ApiError& error, const std::string& request_id, int& status, std::string& body,
                      std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace rolecall::emulator::sso
