// IAM Identity Center's two calls, shaped as botocore's sso and sso-oidc service models say.
#include "aws/ops/sso_blocking.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/credentials/metadata_http.h"
#include "aws/sigv4.h"
#include "base/iso8601.h"
#include "base/json_text.h"
#include "base/untrusted_json.h"

namespace rolecall::aws {
namespace {

std::string sso_text_field(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A REST-JSON error: the code from x-amzn-ErrorType (before any ':') or the body's __type;
// Unauthorized/InvalidGrant/Expired... are credential errors, TooManyRequests throttling.
Error service_error(const HttpResponse& response, std::string_view operation) {
  std::string code = response.header("x-amzn-ErrorType");
  code = code.substr(0, code.find(':'));
  std::string message;
  auto doc = base::parse_untrusted_json(response.body, operation);
  if (doc && doc->is_object()) {
    if (code.empty()) code = sso_text_field(*doc, "__type");
    if (code.empty()) code = sso_text_field(*doc, "error");
    message = sso_text_field(*doc, "message");
    if (message.empty()) message = sso_text_field(*doc, "Message");
    if (message.empty()) message = sso_text_field(*doc, "error_description");
  }
  if (auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  if (code.empty()) return Error::http(response.status, fmt::format("{}: HTTP {}", operation, response.status));
  ErrorKind kind = ErrorKind::kAws;
  if (code == "UnauthorizedException" || code == "InvalidGrantException" || code == "ExpiredTokenException" ||
      code == "InvalidClientException" || code == "UnauthorizedClientException") {
    kind = ErrorKind::kCredentials;
  } else if (code == "ForbiddenException" || code == "AccessDeniedException") {
    kind = ErrorKind::kAccessDenied;
  } else if (code == "TooManyRequestsException" || code == "SlowDownException") {
    kind = ErrorKind::kThrottled;
  }
  return Error::service(kind, code,
                        fmt::format("{}: {}", operation, message.empty() ? std::string("(no message)") : message),
                        response.status, response.header("x-amzn-RequestId"));
}

// The JSON object of a 200 answer, or the error it carries.
Result<nlohmann::json> json_answer(const Result<HttpResponse>& response, std::string_view operation) {
  if (!response) return fail(response.error().with_context(std::string(operation)));
  if (response->status != 200) return fail(service_error(*response, operation));
  auto doc = base::parse_untrusted_json(response->body, operation);
  if (!doc) return fail(doc.error());
  if (!doc->is_object()) return fail(ErrorKind::kParse, fmt::format("{}: the answer is not a JSON object", operation));
  return doc;
}

}  // namespace

BlockingSsoApi::BlockingSsoApi(BlockingHttpClient& http, EndpointOverrides overrides)
    : http_(http), overrides_(std::move(overrides)) {}

Result<SsoTokenGrant> BlockingSsoApi::create_token(const std::string& region, const std::string& client_id,
                                                   const std::string& client_secret, const std::string& refresh_token) {
  constexpr std::string_view kOperation = "sso-oidc:CreateToken";
  auto endpoint = resolve_endpoint("sso-oidc", region, overrides_);
  if (!endpoint) return fail(endpoint.error().with_context(std::string(kOperation)));
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint->url + "/token";
  request.set_header("Content-Type", "application/json");
  request.body = base::json_text(nlohmann::json{{"clientId", client_id},
                                                {"clientSecret", client_secret},
                                                {"grantType", "refresh_token"},
                                                {"refreshToken", refresh_token}});
  auto doc = json_answer(fetch_with_retry(http_, request), kOperation);
  if (!doc) return fail(doc.error());
  SsoTokenGrant grant;
  grant.access_token = sso_text_field(*doc, "accessToken");
  grant.refresh_token = sso_text_field(*doc, "refreshToken");
  auto expires_in = doc->find("expiresIn");
  if (grant.access_token.empty() || expires_in == doc->end() || !expires_in->is_number_integer() ||
      expires_in->get<long long>() <= 0) {
    return fail(ErrorKind::kParse, fmt::format("{}: the answer has no accessToken or expiresIn", kOperation));
  }
  grant.expires_in = std::chrono::seconds(expires_in->get<long long>());
  return grant;
}

Result<Credentials> BlockingSsoApi::get_role_credentials(const std::string& region, const std::string& access_token,
                                                         const std::string& account_id, const std::string& role_name) {
  constexpr std::string_view kOperation = "sso:GetRoleCredentials";
  auto endpoint = resolve_endpoint("sso", region, overrides_);
  if (!endpoint) return fail(endpoint.error().with_context(std::string(kOperation)));
  HttpRequest request;
  request.method = "GET";
  request.url = fmt::format("{}/federation/credentials?account_id={}&role_name={}", endpoint->url,
                            sigv4::uri_encode(account_id, false), sigv4::uri_encode(role_name, false));
  request.set_header("x-amz-sso_bearer_token", access_token);
  auto doc = json_answer(fetch_with_retry(http_, request), kOperation);
  if (!doc) return fail(doc.error());
  auto role = doc->find("roleCredentials");
  if (role == doc->end() || !role->is_object()) {
    return fail(ErrorKind::kParse, fmt::format("{}: the answer has no roleCredentials", kOperation));
  }
  Credentials creds;
  creds.access_key_id = sso_text_field(*role, "accessKeyId");
  creds.secret_access_key = sso_text_field(*role, "secretAccessKey");
  creds.session_token = sso_text_field(*role, "sessionToken");
  auto expiration = role->find("expiration");
  if (creds.access_key_id.empty() || creds.secret_access_key.empty() || expiration == role->end() ||
      !expiration->is_number_integer()) {
    return fail(ErrorKind::kParse,
                fmt::format("{}: roleCredentials lacks accessKeyId, secretAccessKey or expiration", kOperation));
  }
  // Epoch milliseconds (the model's ExpirationTimestampType is a long).
  creds.expiration = base::time_from_epoch_millis(expiration->get<long long>());
  return creds;
}

}  // namespace rolecall::aws
