// SigV4 verification: parsing a received request's signature and recomputing it.
#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "aws/sigv4.h"
#include "aws/sigv4_canonical.h"
#include "aws/sigv4_signature.h"
#include "base/ascii.h"
#include "base/sha256.h"

namespace rolecall::aws::sigv4 {
namespace {

using detail::all_digits;
using detail::auth_error;
using detail::canonical_request;
using detail::finish;
using detail::is_s3;
using detail::kAlgorithm;
using detail::kMaxExpires;
using detail::kTerminator;
using detail::scope_of;

struct Credential {
  std::string access_key_id, date, region, service;
};

Result<Credential> parse_credential(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != kTerminator ||
      std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.empty(); })) {
    return std::unexpected(
        auth_error("IncompleteSignature", "credential must be <key id>/<yyyymmdd>/<region>/<service>/aws4_request"));
  }
  if (parts[1].size() != 8 || !all_digits(parts[1])) {
    return std::unexpected(auth_error("IncompleteSignature", "credential scope date is not yyyymmdd"));
  }
  return Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

std::vector<std::string> split_signed_headers(std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    names.push_back(base::to_lower(detail::trim_collapse(list.substr(start, end - start))));
    start = end + 1;
  }
  return names;
}

// Shared checks of both forms once their fields are collected.
Result<ParsedAuthorization> complete(ParsedAuthorization auth, std::string_view credential,
                                     std::string_view signed_headers) {
  auto cred = parse_credential(credential);
  if (!cred) return std::unexpected(cred.error());
  auth.access_key_id = std::move(cred->access_key_id);
  auth.date = std::move(cred->date);
  auth.region = std::move(cred->region);
  auth.service = std::move(cred->service);
  auth.signed_headers = split_signed_headers(signed_headers);
  if (std::any_of(auth.signed_headers.begin(), auth.signed_headers.end(),
                  [](const std::string& h) { return h.empty(); })) {
    return std::unexpected(auth_error("IncompleteSignature", "SignedHeaders has an empty header name"));
  }
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") == auth.signed_headers.end()) {
    return std::unexpected(auth_error("IncompleteSignature", "the Host header must be signed"));
  }
  if (auth.signature.empty()) return std::unexpected(auth_error("IncompleteSignature", "the signature is empty"));
  if (auth.amz_date.empty()) {
    return std::unexpected(auth_error("IncompleteSignature", "the request has no X-Amz-Date"));
  }
  if (!parse_amz_date(auth.amz_date)) {
    return std::unexpected(
        auth_error("IncompleteSignature", "X-Amz-Date '" + auth.amz_date + "' is not yyyymmddThhmmssZ"));
  }
  if (auth.amz_date.compare(0, 8, auth.date) != 0) {
    return std::unexpected(auth_error(
        "SignatureDoesNotMatch", "credential scope date " + auth.date + " does not match X-Amz-Date " + auth.amz_date));
  }
  return auth;
}

Result<ParsedAuthorization> parse_header_form(std::string_view header, const HttpRequest& request) {
  const auto space = header.find(' ');
  if (header.substr(0, space) != kAlgorithm || space == std::string_view::npos) {
    return std::unexpected(
        auth_error("IncompleteSignature", "unsupported Authorization scheme (expected AWS4-HMAC-SHA256)"));
  }
  std::string credential, signed_headers;
  ParsedAuthorization auth;
  bool have_credential = false, have_signed = false, have_signature = false;
  std::string_view rest = header.substr(space + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto field = detail::trim_collapse(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto eq = field.find('=');
    const std::string_view name = std::string_view(field).substr(0, eq);
    const std::string value = eq == std::string::npos ? std::string() : field.substr(eq + 1);
    if (name == "Credential") {
      credential = value;
      have_credential = true;
    } else if (name == "SignedHeaders") {
      signed_headers = value;
      have_signed = true;
    } else if (name == "Signature") {
      auth.signature = value;
      have_signature = true;
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return std::unexpected(
        auth_error("IncompleteSignature", "Authorization header needs Credential, SignedHeaders and Signature"));
  }
  auth.amz_date = detail::trim_collapse(request.header("X-Amz-Date"));
  auth.session_token = detail::trim_collapse(request.header("X-Amz-Security-Token"));
  return complete(std::move(auth), credential, signed_headers);
}

Result<ParsedAuthorization> parse_query_form(const std::vector<detail::QueryParam>& params) {
  auto find = [&](std::string_view key) -> const std::string* {
    for (const auto& p : params) {
      if (p.key == key) return &p.value;
    }
    return nullptr;
  };
  const std::string* algorithm = find("X-Amz-Algorithm");
  if (algorithm == nullptr || *algorithm != kAlgorithm) {
    return std::unexpected(auth_error("IncompleteSignature", "X-Amz-Algorithm must be AWS4-HMAC-SHA256"));
  }
  for (std::string_view key : {"X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"}) {
    if (find(key) == nullptr) {
      return std::unexpected(auth_error("IncompleteSignature", "presigned request lacks " + std::string(key)));
    }
  }
  ParsedAuthorization auth;
  auth.presigned = true;
  auth.signature = *find("X-Amz-Signature");
  auth.amz_date = *find("X-Amz-Date");
  if (const auto* token = find("X-Amz-Security-Token")) auth.session_token = *token;
  if (const auto* expires = find("X-Amz-Expires")) {
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), seconds);
    if (ec != std::errc() || end != expires->data() + expires->size() || seconds < 1 || seconds > kMaxExpires.count()) {
      return std::unexpected(auth_error("AuthorizationQueryParametersError",
                                        "X-Amz-Expires '" + *expires + "' must be 1..604800 seconds"));
    }
    auth.expires = std::chrono::seconds(seconds);
  }
  return complete(std::move(auth), *find("X-Amz-Credential"), *find("X-Amz-SignedHeaders"));
}

}  // namespace

Result<ParsedAuthorization> parse_authorization(const HttpRequest& request) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error());
  const auto params = detail::parse_query(url->query);
  const bool query_form = std::any_of(params.begin(), params.end(), [](const detail::QueryParam& p) {
    return p.key == "X-Amz-Algorithm" || p.key == "X-Amz-Signature" || p.key == "X-Amz-Credential";
  });
  const std::string header = detail::trim_collapse(request.header("Authorization"));
  if (!header.empty() && query_form) {
    return std::unexpected(
        auth_error("IncompleteSignature", "request carries both an Authorization header and X-Amz-* query signing"));
  }
  if (!header.empty()) return parse_header_form(header, request);
  if (query_form) return parse_query_form(params);
  return std::unexpected(auth_error("MissingAuthenticationToken", "request is not signed"));
}

Result<SigningResult> verify_request(const HttpRequest& request, const ParsedAuthorization& auth,
                                     const std::string& secret_access_key, bool normalize_path) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error());
  if (auth.amz_date.size() < 8 || auth.date.empty() || auth.region.empty() || auth.service.empty()) {
    return std::unexpected(auth_error("IncompleteSignature", "incomplete signature scope"));
  }
  const auto headers =
      detail::canonical_headers_named(request.headers, auth.signed_headers, detail::host_from_url(*url));

  const std::string body_hash = base::sha256_hex(request.body);
  std::string payload_hash = body_hash;
  if (auth.presigned) {
    if (is_s3(auth.service)) payload_hash = "UNSIGNED-PAYLOAD";
  } else if (const auto claimed = detail::trim_collapse(request.header("x-amz-content-sha256")); !claimed.empty()) {
    const bool unsigned_s3 =
        is_s3(auth.service) && (claimed == "UNSIGNED-PAYLOAD" || claimed.starts_with("STREAMING-"));
    if (!unsigned_s3 && claimed != body_hash) {
      return std::unexpected(auth_error("XAmzContentSHA256Mismatch", "x-amz-content-sha256 does not match the body"));
    }
    payload_hash = claimed;
  }

  SigningResult result;
  result.canonical_request = canonical_request(
      request.method, detail::canonical_uri(url->path, normalize_path, !is_s3(auth.service)),
      detail::canonical_query(url->query, auth.presigned ? "X-Amz-Signature" : ""), headers, payload_hash);
  finish(result, auth.amz_date, auth.date, auth.region, auth.service, secret_access_key);
  if (result.signature.size() != auth.signature.size() ||
      CRYPTO_memcmp(result.signature.data(), auth.signature.data(), result.signature.size()) != 0) {
    return std::unexpected(auth_error("SignatureDoesNotMatch", "the request signature does not match"));
  }
  if (!auth.presigned) {
    result.authorization = std::string(kAlgorithm) + " Credential=" + auth.access_key_id + "/" +
                           scope_of(auth.date, auth.region, auth.service) + ", SignedHeaders=" + headers.signed_list +
                           ", Signature=" + result.signature;
  }
  return result;
}

}  // namespace rolecall::aws::sigv4
