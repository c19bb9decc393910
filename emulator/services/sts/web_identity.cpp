#include "emulator/services/sts/web_identity.h"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/glob.h"

namespace rolecall::emulator::sts {
namespace {

ApiError invalid_token(std::string message) { return {400, "InvalidIdentityToken", std::move(message), true}; }

// Base64url (padding optional; standard alphabet tolerated) to bytes; nullopt when not base64.
std::optional<std::string> base64url_decode(std::string_view text) {
  std::string decoded;
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z'     ? c - 'A'
            : c >= 'a' && c <= 'z'   ? c - 'a' + 26
            : c >= '0' && c <= '9'   ? c - '0' + 52
            : (c == '-' || c == '+') ? 62
            : (c == '_' || c == '/') ? 63
            : c == '='               ? -2
                                     : -1;
    if (v == -2) break;
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return decoded;
}

std::optional<nlohmann::json> json_part(std::string_view part) {
  auto bytes = base64url_decode(part);
  if (!bytes) return std::nullopt;
  auto doc = nlohmann::json::parse(*bytes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return doc;
}

std::vector<std::string> strings_of(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& v : value) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// Whether `values` satisfy the condition values under `op` (StringEquals/StringLike, optionally
// ForAnyValue:/ForAllValues:); unknown operators do not match, as in the identity evaluator.
bool condition_holds(std::string_view op, const nlohmann::json& wanted, const std::vector<std::string>& values) {
  bool any = !op.starts_with("ForAllValues:");
  if (auto colon = op.find(':'); colon != std::string_view::npos) op = op.substr(colon + 1);
  bool like = op == "StringLike";
  if (!like && op != "StringEquals") return false;
  auto matches = [&](const std::string& value) {
    for (const auto& w : strings_of(wanted)) {
      if (like ? base::glob_match(w, value, false) : w == value) return true;
    }
    return false;
  };
  if (values.empty()) return false;
  for (const auto& v : values) {
    if (any && matches(v)) return true;
    if (!any && !matches(v)) return false;
  }
  return !any;
}

// What a statement's conditions on `host`:aud and `host`:sub say; other keys do not match.
struct ConditionResult {
  bool audience = true;
  bool rest = true;
};

ConditionResult check_conditions(const nlohmann::json& condition, const std::string& host,
                                 const std::vector<std::string>& audiences, const std::string& subject) {
  ConditionResult r;
  if (!condition.is_object()) return r;
  for (const auto& [op, keys] : condition.items()) {
    if (!keys.is_object()) {
      r.rest = false;
      continue;
    }
    for (const auto& [key, wanted] : keys.items()) {
      if (key == host + ":aud") {
        r.audience = r.audience && condition_holds(op, wanted, audiences);
      } else if (key == host + ":sub") {
        r.rest = r.rest && condition_holds(op, wanted, {subject});
      } else {
        r.rest = false;
      }
    }
  }
  return r;
}

bool allows_web_identity(const nlohmann::json& statement) {
  auto actions = statement.value("Action", nlohmann::json());
  for (const auto& a : strings_of(actions)) {
    if (base::glob_match(a, "sts:AssumeRoleWithWebIdentity", true)) return true;
  }
  return false;
}

}  // namespace

std::expected<WebIdentity, ApiError> check_web_identity_token(const std::string& token,
                                                              const nlohmann::json& trust_policy,
                                                              std::string_view account_id, TimePoint now) {
  // A JWT: header.payload.signature, the first two base64url JSON objects.
  auto first = token.find('.');
  auto second = first == std::string::npos ? std::string::npos : token.find('.', first + 1);
  std::optional<nlohmann::json> header, claims;
  if (second != std::string::npos && token.find('.', second + 1) == std::string::npos) {
    header = json_part(std::string_view(token).substr(0, first));
    claims = json_part(std::string_view(token).substr(first + 1, second - first - 1));
  }
  std::vector<std::string> audiences =
      claims ? strings_of(claims->value("aud", nlohmann::json())) : std::vector<std::string>{};
  if (!header || !header->value("alg", nlohmann::json()).is_string() || !claims || !(*claims)["iss"].is_string() ||
      !(*claims)["sub"].is_string() || audiences.empty() || !(*claims)["exp"].is_number()) {
    return std::unexpected(invalid_token(
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"));
  }
  WebIdentity id{(*claims)["sub"].get<std::string>(), audiences.front(), (*claims)["iss"].get<std::string>()};

  auto exp = static_cast<long long>((*claims)["exp"].get<double>());
  long long now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (exp <= now_s) {
    return std::unexpected(ApiError{
        400, "ExpiredTokenException",
        fmt::format("Token expired: current date/time {} must be before the expiration date/time {}", now_s, exp),
        true});
  }

  // The provider an issuer names: its URL without the scheme.
  std::string host = id.issuer.starts_with("https://") ? id.issuer.substr(8) : id.issuer;
  while (host.ends_with('/')) host.pop_back();
  auto statements = trust_policy.value("Statement", nlohmann::json::array());
  if (statements.is_object()) statements = nlohmann::json::array({statements});
  bool web_identity = false, issuer_trusted = false, audience_ok = false, allowed = false, denied = false;
  for (const auto& s : statements.is_array() ? statements : nlohmann::json::array()) {
    if (!s.is_object() || !allows_web_identity(s)) continue;
    auto principal = s.value("Principal", nlohmann::json());
    if (!principal.is_object() || !principal.contains("Federated")) continue;
    bool deny = s.value("Effect", "") == "Deny";
    if (!deny) web_identity = true;
    bool names_issuer = false;
    for (const auto& arn : strings_of(principal["Federated"])) {
      auto at = arn.find(":oidc-provider/");
      if (at == std::string::npos || arn.substr(at + 15) != host) continue;
      // arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST, in the role's own account.
      auto account_start = arn.rfind(':', at - 1);
      if (account_start != std::string::npos && arn.substr(account_start + 1, at - account_start - 1) == account_id)
        names_issuer = true;
    }
    if (!names_issuer) continue;
    ConditionResult c = check_conditions(s.value("Condition", nlohmann::json()), host, audiences, id.subject);
    if (deny) {
      denied = denied || (c.audience && c.rest);
      continue;
    }
    issuer_trusted = true;
    if (!c.audience) continue;
    audience_ok = true;
    allowed = allowed || c.rest;
  }
  ApiError access_denied{403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", true};
  if (denied) return std::unexpected(access_denied);  // an explicit Deny wins
  if (allowed) return id;
  if (!web_identity) return std::unexpected(access_denied);
  if (!issuer_trusted)
    return std::unexpected(
        invalid_token(fmt::format("No OpenIDConnect provider found in your account for {}", id.issuer)));
  if (!audience_ok) return std::unexpected(invalid_token("Incorrect token audience"));
  return std::unexpected(access_denied);
}

}  // namespace rolecall::emulator::sts
