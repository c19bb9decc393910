// Cache keys as botocore computes them, and the CLI's cached-credentials documents.
#include "aws/credentials/cli_cache.h"

#include <openssl/sha.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/credentials/timestamp.h"
#include "base/iso8601.h"
#include "base/json_text.h"
#include "base/untrusted_json.h"

namespace rolecall::aws {

namespace {

std::string aws_dir(const base::Env& env) {
  auto home = env.get("HOME");
  return home ? *home + "/.aws" : std::string();
}

// botocore's _make_file_safe: ':' and '/' become '_' (a hex digest has neither; kept for parity).
std::string file_safe(std::string name) {
  for (char& c : name) {
    if (c == ':' || c == '/') c = '_';
  }
  return name;
}

// Python's json.dumps(sort_keys=True) with its default separators (", " and ": ") for the flat
// string/int objects AssumeRole keys are made of; ensure_ascii escapes as nlohmann does for ASCII.
std::string python_dumps(const nlohmann::json& object) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : object.items()) {  // nlohmann::json keeps keys sorted
    if (!first) out += ", ";
    first = false;
    out += base::json_text(nlohmann::json(key)) + ": " + base::json_text(value);
  }
  return out + "}";
}

// "…UTC" (how the CLI's JSONFileCache writes datetimes) as "…Z".
std::string normalized_time(std::string text) {
  if (text.ends_with("UTC")) text.replace(text.size() - 3, 3, "Z");
  return text;
}

}  // namespace

std::string sha1_hex(std::string_view text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string out;
  out.reserve(2 * SHA_DIGEST_LENGTH);
  for (unsigned char byte : digest) out += fmt::format("{:02x}", byte);
  return out;
}

std::string sso_token_cache_path(const base::Env& env, const std::string& start_url, const std::string& session_name) {
  std::string dir = aws_dir(env);
  if (dir.empty()) return {};
  return fmt::format("{}/sso/cache/{}.json", dir, sha1_hex(session_name.empty() ? start_url : session_name));
}

std::string cli_cache_path(const base::Env& env, const std::string& key) {
  std::string dir = aws_dir(env);
  if (dir.empty()) return {};
  return fmt::format("{}/cli/cache/{}.json", dir, key);
}

std::string sso_role_cache_key(const std::string& account_id, const std::string& role_name,
                               const std::string& session_name, const std::string& start_url) {
  nlohmann::json args = {{"accountId", account_id}, {"roleName", role_name}};
  if (!session_name.empty()) {
    args["sessionName"] = session_name;
  } else {
    args["startUrl"] = start_url;
  }
  return file_safe(sha1_hex(base::json_text(args)));  // sorted keys, minified: separators=(',', ':')
}

std::string assume_role_cache_key(const AssumeRoleParams& params, bool session_name_generated) {
  nlohmann::json args = {{"RoleArn", params.role_arn}};
  if (!session_name_generated) args["RoleSessionName"] = params.role_session_name;
  if (!params.external_id.empty()) args["ExternalId"] = params.external_id;
  if (!params.serial_number.empty()) args["SerialNumber"] = params.serial_number;
  if (params.duration_seconds) args["DurationSeconds"] = *params.duration_seconds;
  return file_safe(sha1_hex(python_dumps(args)));
}

std::optional<Credentials> read_cached_credentials(const base::Env& env, const std::string& path,
                                                   std::chrono::system_clock::time_point now) {
  if (path.empty()) return std::nullopt;
  auto text = env.read_file(path);
  if (!text) return std::nullopt;
  auto doc = base::parse_untrusted_json(*text, path);
  if (!doc || !doc->is_object()) return std::nullopt;
  auto it = doc->find("Credentials");
  if (it == doc->end() || !it->is_object()) return std::nullopt;
  const nlohmann::json& c = *it;
  auto text_of = [&](const char* key) -> std::string {
    auto field = c.find(key);
    return field != c.end() && field->is_string() ? field->get<std::string>() : std::string();
  };
  Credentials creds;
  creds.access_key_id = text_of("AccessKeyId");
  creds.secret_access_key = text_of("SecretAccessKey");
  creds.session_token = text_of("SessionToken");
  auto expiration = parse_iso8601(normalized_time(text_of("Expiration")), "cached Expiration");
  if (creds.access_key_id.empty() || creds.secret_access_key.empty() || !expiration) return std::nullopt;
  if (*expiration - now <= kCliCacheExpiryWindow) return std::nullopt;
  creds.expiration = *expiration;
  return creds;
}

Result<void> write_cached_credentials(base::Env& env, const std::string& path, const Credentials& creds,
                                      const std::string& account_id) {
  if (path.empty()) return {};
  nlohmann::json c = {{"AccessKeyId", creds.access_key_id},
                      {"SecretAccessKey", creds.secret_access_key},
                      {"SessionToken", creds.session_token},
                      {"Expiration", creds.expiration ? base::format_iso8601(*creds.expiration) : std::string()}};
  if (!account_id.empty()) c["AccountId"] = account_id;
  std::string dir = path.substr(0, path.rfind('/'));
  if (auto made = env.create_directories(dir, base::Access::kOwnerOnly); !made) return made;
  return env.write_file(path, base::json_text(nlohmann::json{{"Credentials", c}}), base::Access::kOwnerOnly);
}

}  // namespace rolecall::aws
