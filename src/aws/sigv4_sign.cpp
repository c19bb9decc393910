// SigV4 signing: the Authorization header form and the presigned (query) form.
#include <algorithm>
#include <string>

#include "aws/sigv4.h"
#include "aws/sigv4_canonical.h"
#include "aws/sigv4_signature.h"
#include "base/ascii.h"
#include "base/sha256.h"

namespace rolecall::aws::sigv4 {
namespace {

using detail::canonical_request;
using detail::finish;
using detail::is_s3;
using detail::kAlgorithm;
using detail::kMaxExpires;
using detail::scope_of;

// Names of the query parameters a presigned request carries; stripped before re-presigning.
constexpr std::string_view kPresignKeys[] = {"X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Date",
                                             "X-Amz-Expires",   "X-Amz-SignedHeaders", "X-Amz-Security-Token",
                                             "X-Amz-Signature"};

std::string strip_presign_params(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const auto piece = query.substr(start, end - start);
    const auto key = detail::percent_decode(piece.substr(0, piece.find('=')));
    const bool ours = std::find(std::begin(kPresignKeys), std::end(kPresignKeys), key) != std::end(kPresignKeys);
    if (!piece.empty() && !ours) {
      if (!out.empty()) out.push_back('&');
      out.append(piece);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<SigningResult> sign_request(HttpRequest& request, const SigningParams& params) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error().with_context("cannot sign request"));
  if (request.header("Host").empty()) request.headers.push_back({"Host", detail::host_from_url(*url)});
  const std::string amz = amz_date(params.time);
  request.set_header("X-Amz-Date", amz);
  const bool token = !params.session_token.empty();
  if (token && !params.omit_session_token) {
    request.set_header("X-Amz-Security-Token", params.session_token);
  } else if (token) {
    // Added back after signing, so an old value is never signed.
    std::erase_if(request.headers,
                  [](const HttpHeader& h) { return base::to_lower(h.name) == "x-amz-security-token"; });
  }
  std::string payload_hash = request.header("x-amz-content-sha256");
  if (params.sign_body || payload_hash.empty()) payload_hash = base::sha256_hex(request.body);
  if (params.sign_body) request.set_header("x-amz-content-sha256", payload_hash);
  std::erase_if(request.headers, [](const HttpHeader& h) { return base::to_lower(h.name) == "authorization"; });

  const auto headers = detail::canonical_headers_all(request.headers);
  SigningResult result;
  result.canonical_request =
      canonical_request(request.method, detail::canonical_uri(url->path, params.normalize_path, !is_s3(params.service)),
                        detail::canonical_query(url->query), headers, payload_hash);
  const auto date = std::string_view(amz).substr(0, 8);
  finish(result, amz, date, params.region, params.service, params.secret_access_key);
  const auto scope = scope_of(date, params.region, params.service);
  result.authorization.reserve(200);
  result.authorization.append(kAlgorithm).append(" Credential=").append(params.access_key_id).append("/").append(scope);
  result.authorization.append(", SignedHeaders=")
      .append(headers.signed_list)
      .append(", Signature=")
      .append(result.signature);
  request.headers.push_back({"Authorization", result.authorization});
  if (token && params.omit_session_token) request.headers.push_back({"X-Amz-Security-Token", params.session_token});
  return result;
}

Result<SigningResult> presign_request(HttpRequest& request, const SigningParams& params) {
  auto url = detail::split_url(request.url);
  if (!url) return std::unexpected(url.error().with_context("cannot presign request"));
  if (params.expires < std::chrono::seconds(1) || params.expires > kMaxExpires) {
    return fail(ErrorKind::kInvalidArgument, "presign expiry must be 1..604800 seconds");
  }
  if (request.header("Host").empty()) request.headers.push_back({"Host", detail::host_from_url(*url)});
  const std::string amz = amz_date(params.time);
  const auto scope = scope_of(amz.substr(0, 8), params.region, params.service);
  const auto headers = detail::canonical_headers_all(request.headers);
  const bool token = !params.session_token.empty();

  std::string query = strip_presign_params(url->query);
  if (!query.empty()) query.push_back('&');
  query.append("X-Amz-Algorithm=").append(kAlgorithm);
  query.append("&X-Amz-Credential=").append(uri_encode(params.access_key_id + "/" + scope, false));
  query.append("&X-Amz-Date=").append(amz);
  query.append("&X-Amz-SignedHeaders=").append(uri_encode(headers.signed_list, false));
  query.append("&X-Amz-Expires=").append(std::to_string(params.expires.count()));
  const std::string token_param = token ? "&X-Amz-Security-Token=" + uri_encode(params.session_token, false) : "";
  if (!params.omit_session_token) query.append(token_param);

  SigningResult result;
  const std::string payload_hash = is_s3(params.service) ? "UNSIGNED-PAYLOAD" : base::sha256_hex(request.body);
  result.canonical_request =
      canonical_request(request.method, detail::canonical_uri(url->path, params.normalize_path, !is_s3(params.service)),
                        detail::canonical_query(query), headers, payload_hash);
  finish(result, amz, std::string_view(amz).substr(0, 8), params.region, params.service, params.secret_access_key);
  if (params.omit_session_token) query.append(token_param);
  query.append("&X-Amz-Signature=").append(result.signature);
  request.url = std::string(url->base) + "?" + query;
  return result;
}

}  // namespace rolecall::aws::sigv4
