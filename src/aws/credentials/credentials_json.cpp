// Reading credential JSON without ever echoing it: base::parse_untrusted_json's messages give a
// place, never an excerpt.
#include "aws/credentials/credentials_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/credentials/timestamp.h"
#include "base/untrusted_json.h"

namespace rolecall::aws {

namespace {

// The string field `key`, or an error naming it.
Result<std::string> string_field(const nlohmann::json& doc, const char* key, bool required, std::string_view source) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) {
    if (required) return fail(ErrorKind::kCredentials, fmt::format("{}: response has no {}", source, key));
    return std::string();
  }
  if (!it->is_string()) return fail(ErrorKind::kParse, fmt::format("{}: {} is not a string", source, key));
  return it->get<std::string>();
}

}  // namespace

Result<Credentials> parse_credentials_json(std::string_view body, CredentialsDocument kind, std::string_view source) {
  auto parsed = base::parse_untrusted_json(body, source);
  if (!parsed) return fail(parsed.error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return fail(ErrorKind::kParse, fmt::format("{}: output is not a JSON object", source));

  if (kind == CredentialsDocument::kProcess) {
    auto version = doc.find("Version");
    if (version == doc.end()) return fail(ErrorKind::kCredentials, fmt::format("{}: output has no Version", source));
    if (!version->is_number_integer() || version->get<long long>() != 1) {
      return fail(ErrorKind::kCredentials, fmt::format("{}: unsupported Version (only 1 is supported)", source));
    }
  }
  if (kind == CredentialsDocument::kInstance) {
    auto code = string_field(doc, "Code", false, source);
    if (!code) return fail(code.error());
    if (!code->empty() && *code != "Success") {
      return fail(ErrorKind::kCredentials, fmt::format("{}: instance metadata reported Code {}", source, *code));
    }
  }

  Credentials creds;
  const char* token_key = kind == CredentialsDocument::kProcess ? "SessionToken" : "Token";
  auto key_id = string_field(doc, "AccessKeyId", true, source);
  if (!key_id) return fail(key_id.error());
  auto secret = string_field(doc, "SecretAccessKey", true, source);
  if (!secret) return fail(secret.error());
  auto token = string_field(doc, token_key, false, source);
  if (!token) return fail(token.error());
  auto expiration = string_field(doc, "Expiration", false, source);
  if (!expiration) return fail(expiration.error());
  if (key_id->empty() || secret->empty()) {
    return fail(ErrorKind::kCredentials, fmt::format("{}: AccessKeyId or SecretAccessKey is empty", source));
  }
  creds.access_key_id = std::move(*key_id);
  creds.secret_access_key = std::move(*secret);
  creds.session_token = std::move(*token);
  if (!expiration->empty()) {
    auto when = parse_iso8601(*expiration, fmt::format("{}: Expiration", source));
    if (!when) return fail(when.error());
    creds.expiration = *when;
  } else if (kind != CredentialsDocument::kProcess) {
    // Container and instance credentials are always temporary; without an expiry we could not refresh.
    return fail(ErrorKind::kCredentials, fmt::format("{}: response has no Expiration", source));
  }
  return creds;
}

}  // namespace rolecall::aws
