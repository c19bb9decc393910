// SSO token files: the fields botocore reads and writes, nothing else.
#include "aws/credentials/sso_token.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/credentials/timestamp.h"
#include "base/iso8601.h"
#include "base/json_text.h"
#include "base/untrusted_json.h"

namespace rolecall::aws {

namespace {

std::string text_field(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The CLI writes "...Z"; older tools and datetime's %Z write "...UTC".
Result<std::chrono::system_clock::time_point> parse_time(std::string text, std::string_view what) {
  if (text.ends_with("UTC")) text.replace(text.size() - 3, 3, "Z");
  return parse_iso8601(text, what);
}

}  // namespace

bool SsoToken::refreshable(std::chrono::system_clock::time_point now) const {
  return !refresh_token.empty() && !client_id.empty() && !client_secret.empty() && registration_expires_at &&
         *registration_expires_at > now;
}

Result<SsoToken> parse_sso_token(std::string_view text, std::string_view source) {
  auto doc = base::parse_untrusted_json(text, source);
  if (!doc) return fail(doc.error());
  if (!doc->is_object()) return fail(ErrorKind::kParse, fmt::format("{}: not a JSON object", source));
  SsoToken token;
  token.access_token = text_field(*doc, "accessToken");
  std::string expires_at = text_field(*doc, "expiresAt");
  if (token.access_token.empty() || expires_at.empty()) {
    return fail(ErrorKind::kCredentials, fmt::format("{}: the token has no accessToken or expiresAt", source));
  }
  auto expiry = parse_time(expires_at, fmt::format("{}: expiresAt", source));
  if (!expiry) return fail(expiry.error());
  token.expires_at = *expiry;
  token.start_url = text_field(*doc, "startUrl");
  token.region = text_field(*doc, "region");
  token.refresh_token = text_field(*doc, "refreshToken");
  token.client_id = text_field(*doc, "clientId");
  token.client_secret = text_field(*doc, "clientSecret");
  if (std::string registration = text_field(*doc, "registrationExpiresAt"); !registration.empty()) {
    auto when = parse_time(registration, fmt::format("{}: registrationExpiresAt", source));
    if (!when) return fail(when.error());
    token.registration_expires_at = *when;
  }
  return token;
}

std::string sso_token_json(const SsoToken& token) {
  nlohmann::json doc = {{"accessToken", token.access_token}, {"expiresAt", base::format_iso8601(token.expires_at)}};
  if (!token.start_url.empty()) doc["startUrl"] = token.start_url;
  if (!token.region.empty()) doc["region"] = token.region;
  if (!token.refresh_token.empty()) doc["refreshToken"] = token.refresh_token;
  if (!token.client_id.empty()) doc["clientId"] = token.client_id;
  if (!token.client_secret.empty()) doc["clientSecret"] = token.client_secret;
  if (token.registration_expires_at) {
    doc["registrationExpiresAt"] = base::format_iso8601(*token.registration_expires_at);
  }
  return base::json_text(doc);
}

}  // namespace rolecall::aws
