#include "aws/wire_log.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "base/ascii.h"
#include "base/redact.h"

namespace rolecall::aws {
namespace {

constexpr std::string_view kRedacted = "[redacted]";

// Field names (XML elements, JSON keys, form parameter components) whose values are secrets.
constexpr std::array<std::string_view, 14> kSecretFields = {"secretaccesskey",
                                                            "sessiontoken",
                                                            "securitytoken",
                                                            "token",
                                                            "webidentitytoken",
                                                            "samlassertion",
                                                            "password",
                                                            "userdata",
                                                            "tokencode",
                                                            "keymaterial",
                                                            "privatekey",
                                                            "x-amz-signature",
                                                            "x-amz-security-token",
                                                            "clientsecret"};

// Headers whose whole value is a secret.
constexpr std::array<std::string_view, 6> kSecretHeaders = {
    "x-amz-security-token", "x-aws-ec2-metadata-token", "cookie",
    "set-cookie",           "proxy-authorization",      "x-amz-secret-access-key"};

bool is_secret_field(std::string_view name) {
  if (auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);  // xmlns prefix
  return std::any_of(kSecretFields.begin(), kSecretFields.end(),
                     [&](std::string_view f) { return base::iequals(f, name); });
}

// <Name>secret</Name> -> <Name>[redacted]</Name> for every secret element.
std::string redact_xml(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t pos = 0;
  while (pos < in.size()) {
    size_t lt = in.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= in.size()) break;
    size_t gt = in.find('>', lt);
    if (gt == std::string_view::npos) break;
    out.append(in.substr(pos, gt + 1 - pos));
    pos = gt + 1;
    char first = in[lt + 1];
    if (first == '/' || first == '?' || first == '!' || in[gt - 1] == '/') continue;
    size_t name_end = in.find_first_of(" \t\r\n/>", lt + 1);
    std::string_view name = in.substr(lt + 1, name_end - lt - 1);
    if (!is_secret_field(name)) continue;
    std::string close = fmt::format("</{}>", name);
    size_t end = in.find(close, pos);
    if (end == std::string_view::npos) end = in.size();  // unterminated: hide the rest
    out.append(kRedacted);
    pos = end;
  }
  if (pos < in.size()) out.append(in.substr(pos));
  return out;
}

// End of the JSON string starting at `quote` (index of the closing quote), or npos.
size_t json_string_end(std::string_view in, size_t quote) {
  for (size_t i = quote + 1; i < in.size(); ++i) {
    if (in[i] == '\\') {
      ++i;
    } else if (in[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

// "Key": "secret" -> "Key": "[redacted]" for every secret key, at any depth.
std::string redact_json(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t pos = 0;
  while (pos < in.size()) {
    size_t quote = in.find('"', pos);
    if (quote == std::string_view::npos) break;
    size_t end = json_string_end(in, quote);
    if (end == std::string_view::npos) break;
    out.append(in.substr(pos, end + 1 - pos));
    pos = end + 1;
    std::string_view key = in.substr(quote + 1, end - quote - 1);
    size_t colon = in.find_first_not_of(" \t\r\n", pos);
    if (colon == std::string_view::npos || in[colon] != ':' || !is_secret_field(key)) continue;
    size_t value = in.find_first_not_of(" \t\r\n", colon + 1);
    if (value == std::string_view::npos || in[value] != '"') continue;  // only string values hold secrets
    size_t value_end = json_string_end(in, value);
    out.append(in.substr(pos, value + 1 - pos));
    out.append(kRedacted);
    if (value_end == std::string_view::npos) return out;  // unterminated: hide the rest
    out.push_back('"');
    pos = value_end + 1;
  }
  if (pos < in.size()) out.append(in.substr(pos));
  return out;
}

// Whether any dot-separated component of a form key names a secret ("UserData.Value").
bool is_secret_form_key(std::string_view key) {
  size_t start = 0;
  while (start <= key.size()) {
    size_t dot = key.find('.', start);
    if (dot == std::string_view::npos) dot = key.size();
    if (is_secret_field(key.substr(start, dot - start))) return true;
    start = dot + 1;
  }
  return false;
}

// a=1&Secret=x -> a=1&Secret=[redacted]; X-Amz-Credential keeps its scope, not its key id.
std::string redact_form(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t start = 0;
  while (start <= in.size()) {
    size_t amp = in.find('&', start);
    if (amp == std::string_view::npos) amp = in.size();
    std::string_view pair = in.substr(start, amp - start);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_form_key(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
    } else if (eq != std::string_view::npos && base::iequals(pair.substr(0, eq), "X-Amz-Credential")) {
      std::string_view value = pair.substr(eq + 1);
      size_t slash = std::min(value.find('/'), value.find("%2F"));
      out.append(pair.substr(0, eq + 1));
      out.append(base::redact_key_id(value.substr(0, slash)));
      if (slash != std::string_view::npos) out.append(value.substr(slash));
    } else {
      out.append(pair);
    }
    if (amp < in.size()) out.push_back('&');
    start = amp + 1;
  }
  return out;
}

bool is_key_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_secret_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
}

// Access key ids (AKIA/ASIA + 16) shortened, 40-character secret-key-shaped runs hidden.
std::string redact_shapes(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    if (!is_secret_char(in[i]) && in[i] != '=') {
      out.push_back(in[i++]);
      continue;
    }
    size_t j = i;
    while (j < in.size() && (is_secret_char(in[j]) || in[j] == '=')) ++j;
    std::string_view run = in.substr(i, j - i);
    // Split off '=' so "Key=value" forms are scanned part by part.
    size_t k = 0;
    while (k < run.size()) {
      if (run[k] == '=') {
        out.push_back('=');
        ++k;
        continue;
      }
      size_t e = run.find('=', k);
      if (e == std::string_view::npos) e = run.size();
      std::string_view word = run.substr(k, e - k);
      bool key_id = word.size() == 20 && (word.starts_with("AKIA") || word.starts_with("ASIA")) &&
                    std::all_of(word.begin(), word.end(), is_key_char);
      if (key_id) {
        out.append(base::redact_key_id(word));
      } else if (word.size() == 40) {
        out.append(kRedacted);
      } else {
        out.append(word);
      }
      k = e;
    }
    i = j;
  }
  return out;
}

std::string_view trim_front(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  return s;
}

std::string headers_text(char direction, const HttpHeaders& headers) {
  std::string out;
  for (const auto& h : headers)
    out += fmt::format("{} {}: {}\n", direction, h.name, redact_header_value(h.name, h.value));
  return out;
}

}  // namespace

std::string redact_header_value(std::string_view name, std::string_view value) {
  if (base::iequals(name, "Authorization")) {
    // AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=..., Signature=hex
    size_t cred = value.find("Credential=");
    size_t sig = value.find("Signature=", cred == std::string_view::npos ? 0 : cred);
    if (cred == std::string_view::npos || sig == std::string_view::npos) return std::string(kRedacted);
    size_t key_start = cred + 11;
    size_t key_end = value.find('/', key_start);
    if (key_end == std::string_view::npos || key_end > sig) return std::string(kRedacted);
    return fmt::format("{}{}{}{}{}", value.substr(0, key_start),
                       base::redact_key_id(value.substr(key_start, key_end - key_start)),
                       value.substr(key_end, sig + 10 - key_end), kRedacted, "");
  }
  if (std::any_of(kSecretHeaders.begin(), kSecretHeaders.end(),
                  [&](std::string_view h) { return base::iequals(h, name); })) {
    return std::string(kRedacted);
  }
  return redact_shapes(value);
}

std::string redact_url(std::string_view url) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  return fmt::format("{}?{}", url.substr(0, q), redact_shapes(redact_form(url.substr(q + 1))));
}

std::string redact_body(std::string_view body) {
  std::string_view head = trim_front(body);
  std::string structured;
  if (head.starts_with('<')) {
    structured = redact_xml(body);
  } else if (head.starts_with('{') || head.starts_with('[')) {
    structured = redact_json(body);
  } else {
    structured = redact_form(body);
  }
  return redact_shapes(structured);
}

std::string WireLog::body_text(std::string_view body) const {
  if (body.empty()) return {};
  std::string safe = redact_body(body);
  if (safe.size() > max_body_) {
    size_t total = safe.size();
    safe.resize(max_body_);
    safe += fmt::format("\n... ({} bytes in all)", total);
  }
  return safe + "\n";
}

void WireLog::request(const HttpRequest& request) const {
  if (!sink_) return;
  sink_(fmt::format("> {} {}\n{}>\n{}", request.method, redact_url(request.url), headers_text('>', request.headers),
                    body_text(request.body)));
}

void WireLog::response(const HttpRequest& request, const Result<HttpResponse>& outcome,
                       std::chrono::milliseconds elapsed) const {
  if (!sink_) return;
  if (!outcome) {
    sink_(fmt::format("< {} {} failed after {} ms: {}\n", request.method, redact_url(request.url), elapsed.count(),
                      redact_shapes(outcome.error().describe())));
    return;
  }
  sink_(fmt::format("< {} from {} {} ({} ms)\n{}<\n{}", outcome->status, request.method, redact_url(request.url),
                    elapsed.count(), headers_text('<', outcome->headers), body_text(outcome->body)));
}

}  // namespace rolecall::aws
